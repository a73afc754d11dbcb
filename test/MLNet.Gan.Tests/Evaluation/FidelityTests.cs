using MLNet.Gan.Evaluation;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Evaluation;

[TestClass]
public sealed class FidelityTests
{
    private static Table Table(double[] x, double[] y, string[] c)
        => new([new NumericColumn("x", x), new NumericColumn("y", y), CategoricalColumn.FromValues("c", c)]);

    [TestMethod]
    public void IdenticalTables_ScoreOne()
    {
        var t = Table([1, 2, 3, 4], [2, 1, 4, 3], ["a", "b", "a", "a"]);
        Assert.AreEqual(1.0, Fidelity.KsComplement(t, t).Mean);
        Assert.AreEqual(1.0, Fidelity.TvComplement(t, t).Mean);
        Assert.AreEqual(1.0, Fidelity.CorrelationSimilarity(t, t).Mean, 1e-12);
    }

    [TestMethod]
    public void ShiftedDistribution_GivesTheExactKsStatistic()
    {
        // {1..10} vs {4..13}: the CDFs differ by 3/10 at most.
        var a = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        var b = Enumerable.Range(4, 10).Select(i => (double)i).ToArray();
        Assert.AreEqual(0.3, Fidelity.KsStatistic(a, b), 1e-12);
        Assert.AreEqual(0.5, Fidelity.KsStatistic([1, 2], [2, 3]), 1e-12);
    }

    [TestMethod]
    public void TvComplement_CountsCategoriesMissingOnEitherSide()
    {
        var real = Table([1, 2, 3, 4], [1, 2, 3, 4], ["a", "a", "b", "b"]);
        var synthetic = Table([1, 2, 3, 4], [1, 2, 3, 4], ["a", "a", "a", "z"]);
        // |0.5 − 0.75| + |0.5 − 0| + |0 − 0.25| = 1 → TV 0.5
        Assert.AreEqual(0.5, Fidelity.TvComplement(real, synthetic).Mean, 1e-12);
    }

    [TestMethod]
    public void CorrelationSimilarity_OfOppositeCorrelations_IsZero()
    {
        var real = Table([1, 2, 3], [1, 2, 3], ["a", "a", "a"]);
        var synthetic = Table([1, 2, 3], [3, 2, 1], ["a", "a", "a"]);
        Assert.AreEqual(0.0, Fidelity.CorrelationSimilarity(real, synthetic).Mean, 1e-12);
    }

    [TestMethod]
    public void MissingColumn_IsAClearError()
    {
        var real = Table([1, 2], [1, 2], ["a", "b"]);
        var synthetic = new Table([new NumericColumn("x", [1, 2])]);
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => Fidelity.KsComplement(real, synthetic)).Message, "column 'y'");
    }
}
