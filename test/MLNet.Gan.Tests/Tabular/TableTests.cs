using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Tabular;

[TestClass]
public sealed class TableTests
{
    private static Table Labelled(int negatives, int positives)
    {
        var values = Enumerable.Range(0, negatives + positives).Select(i => (double)i).ToArray();
        var labels = Enumerable.Range(0, negatives + positives).Select(i => i < negatives ? "no" : "yes").ToArray();
        return new Table([new NumericColumn("x", values), CategoricalColumn.FromValues("y", labels)], "y");
    }

    [TestMethod]
    public void StratifiedSplit_KeepsClassProportionsAndIsDeterministic()
    {
        var t = Labelled(930, 70);
        var (train, test) = t.StratifiedSplit(0.3, seed: 5);
        Assert.AreEqual(1000, train.RowCount + test.RowCount);
        Assert.AreEqual(21, test.RowsWithLabel("yes").Length);
        Assert.AreEqual(49, train.RowsWithLabel("yes").Length);
        var again = t.StratifiedSplit(0.3, seed: 5).Test;
        CollectionAssert.AreEqual(((NumericColumn)test["x"]).Values, ((NumericColumn)again["x"]).Values);
        var other = t.StratifiedSplit(0.3, seed: 6).Test;
        CollectionAssert.AreNotEqual(((NumericColumn)test["x"]).Values, ((NumericColumn)other["x"]).Values);
        var all = ((NumericColumn)train["x"]).Values.Concat(((NumericColumn)test["x"]).Values).OrderBy(v => v);
        CollectionAssert.AreEqual(Enumerable.Range(0, 1000).Select(i => (double)i).ToArray(), all.ToArray());
    }

    [TestMethod]
    public void KFold_PartitionsRowsAndStratifies()
    {
        var t = Labelled(95, 10);
        var folds = t.KFold(5, seed: 1);
        var seen = new List<double>();
        foreach (var (train, test) in folds)
        {
            Assert.AreEqual(105, train.RowCount + test.RowCount);
            Assert.AreEqual(2, test.RowsWithLabel("yes").Length);
            seen.AddRange(((NumericColumn)test["x"]).Values);
        }

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 105).Select(i => (double)i).ToArray(), seen.ToArray());
    }

    [TestMethod]
    public void Append_MatchesCategoriesByName()
    {
        var a = new Table([CategoricalColumn.FromValues("c", ["x", "y"])]);
        var b = new Table([CategoricalColumn.FromValues("c", ["z", "x"])]);
        var c = (CategoricalColumn)a.Append(b)["c"];
        CollectionAssert.AreEqual(new[] { "x", "y", "z", "x" }, Enumerable.Range(0, 4).Select(c.Format).ToArray());
    }

    [TestMethod]
    public void WhereLabel_UnknownValue_ListsValues()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Labelled(3, 2).WhereLabel("maybe"));
        StringAssert.Contains(e.Message, "no, yes");
    }
}
