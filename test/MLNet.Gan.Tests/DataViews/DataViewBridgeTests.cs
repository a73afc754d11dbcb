using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.DataViews;

[TestClass]
public sealed class DataViewBridgeTests
{
    private sealed class Row
    {
        public float F { get; set; }

        public double D { get; set; }

        public int I { get; set; }

        public bool B { get; set; }

        public string T { get; set; } = "";

        [VectorType(3)]
        public float[] V { get; set; } = [];
    }

    private static IDataView Mixed(MLContext ml)
    {
        var rows = Enumerable.Range(0, 50).Select(i => new Row
        {
            F = i % 7 == 0 ? float.NaN : i * 0.5f,
            D = i * 1.25,
            I = i - 10,
            B = i % 3 == 0,
            T = i % 5 == 0 ? "" : $"t{i % 4}",
            V = [i, -i, i % 2 == 0 ? float.NaN : 1],
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        return ml.Transforms.Conversion.MapValueToKey("K", "T").Fit(data).Transform(data);
    }

    [TestMethod]
    public void ReadThenWrite_GivesTheSameTypesValuesAndKeyValues()
    {
        var ml = new MLContext(0);
        var data = Mixed(ml);
        var layout = DataViewLayout.Of(data.Schema);
        var table = layout.Read(data);
        Assert.AreEqual(50, table.RowCount);
        Assert.IsTrue(double.IsNaN(((NumericColumn)table["F"]).Values[0]), "a missing number stays missing");
        Assert.AreEqual("True", table["B"].Format(0));
        Assert.IsTrue(table.Contains("V[2]"), "a vector becomes one column per slot");

        var back = layout.Write(table);
        foreach (var column in data.Schema)
        {
            Assert.AreEqual(column.Type, back.Schema[column.Name].Type, column.Name);
        }

        CollectionAssert.AreEqual(data.GetColumn<float>("F").ToArray(), back.GetColumn<float>("F").ToArray());
        CollectionAssert.AreEqual(data.GetColumn<double>("D").ToArray(), back.GetColumn<double>("D").ToArray());
        CollectionAssert.AreEqual(data.GetColumn<int>("I").ToArray(), back.GetColumn<int>("I").ToArray());
        CollectionAssert.AreEqual(data.GetColumn<bool>("B").ToArray(), back.GetColumn<bool>("B").ToArray());
        CollectionAssert.AreEqual(data.GetColumn<string>("T").ToArray(), back.GetColumn<string>("T").ToArray());
        CollectionAssert.AreEqual(data.GetColumn<uint>("K").ToArray(), back.GetColumn<uint>("K").ToArray());
        CollectionAssert.AreEqual(data.GetColumn<float[]>("V").SelectMany(v => v).ToArray(), back.GetColumn<float[]>("V").SelectMany(v => v).ToArray());
        var keyValues = default(VBuffer<ReadOnlyMemory<char>>);
        back.Schema["K"].GetKeyValues(ref keyValues);
        Assert.AreEqual("t1", keyValues.GetValues()[0].ToString(), "key values travel with the column");
    }

    [TestMethod]
    public void NumberLabel_BecomesCategorical_AndWritesBackAsANumber()
    {
        var table = new Table([new NumericColumn("x", [1, 2, 3]), new NumericColumn("y", [0, 1, 0])]);
        var view = table.ToDataView();
        var read = view.ToTable("y");
        CollectionAssert.AreEqual(new[] { "0", "1" }, read.LabelColumn!.Categories.ToArray());
        var back = DataViewLayout.Of(view.Schema).Write(read);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 0f }, back.GetColumn<float>("y").ToArray());
    }

    [TestMethod]
    public void UnsupportedColumnType_IsAnErrorThatNamesIt()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable([new Dated { When = DateTime.UnixEpoch, X = 1 }]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => data.ToTable());
        StringAssert.Contains(e.Message, "'When'");
    }

    [TestMethod]
    public void TableCursor_AllocatesNothingPerRow()
    {
        int rows = 200_000;
        var table = new Table([new NumericColumn("x", [.. Enumerable.Range(0, rows).Select(i => (double)i)]), CategoricalColumn.FromValues("c", [.. Enumerable.Range(0, rows).Select(i => (i % 3).ToString())])]);
        var view = table.ToDataView();
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            var x = cursor.GetGetter<float>(view.Schema["x"]);
            var c = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema["c"]);
            float xv = 0;
            var cv = default(ReadOnlyMemory<char>);
            while (cursor.MoveNext())
            {
                x(ref xv);
                c(ref cv);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsLessThan(4096, allocated, $"{allocated} bytes for {rows} rows");
    }

    [TestMethod]
    public void StratifiedSplit_KeepsClassShares_AndMatchesTheTableSplit()
    {
        var ml = new MLContext(0);
        var labels = Enumerable.Range(0, 1000).Select(i => i % 10 == 0 ? "yes" : "no").ToArray();
        var table = new Table([new NumericColumn("id", [.. Enumerable.Range(0, 1000).Select(i => (double)i)]), CategoricalColumn.FromValues("y", labels)], "y");
        var split = ml.Data.StratifiedTrainTestSplit(table.ToDataView(), "y", 0.3, seed: 5);
        var testIds = split.TestSet.GetColumn<float>("id").ToArray();
        var trainIds = split.TrainSet.GetColumn<float>("id").ToArray();
        Assert.AreEqual(1000, testIds.Length + trainIds.Length);
        Assert.AreEqual(30, split.TestSet.GetColumn<string>("y").Count(v => v == "yes"));
        Assert.AreEqual(testIds.Length, split.TestSet.GetRowCount());
        var (_, tableTest) = table.StratifiedSplit(0.3, 5);
        CollectionAssert.AreEqual(((NumericColumn)tableTest["id"]).Values.Select(v => (float)v).ToArray(), testIds, "one implementation behind both");

        var folds = ml.Data.StratifiedKFold(table.ToDataView(), "y", 4, seed: 1);
        var all = folds.SelectMany(f => f.TestSet.GetColumn<float>("id")).Order().ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(0, 1000).Select(i => (float)i).ToArray(), all, "fold test rows partition the data");
        Assert.IsTrue(folds.All(f => f.TestSet.GetColumn<string>("y").Count(v => v == "yes") == 25));
    }

    private sealed class Dated
    {
        public DateTime When { get; set; }

        public float X { get; set; }
    }

    [TestMethod]
    public void TableCursor_OnceExhaustedOrDisposed_ReturnsFalseForEver()
    {
        var view = new Table([new NumericColumn("x", [1, 2, 3])]).ToDataView();
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            var x = cursor.GetGetter<float>(view.Schema["x"]);
            var seen = new List<float>();
            while (cursor.MoveNext())
            {
                float v = 0;
                x(ref v);
                seen.Add(v);
            }

            CollectionAssert.AreEqual(new[] { 1f, 2f, 3f }, seen);
            Assert.IsFalse(cursor.MoveNext(), "ML.NET's contract: false for ever once done, never row 0 again");
            Assert.AreEqual(-1L, cursor.Position);
        }

        var disposed = view.GetRowCursor(view.Schema);
        Assert.IsTrue(disposed.MoveNext());
        disposed.Dispose();
        Assert.IsFalse(disposed.MoveNext(), "a disposed cursor moves no more");
    }
}
