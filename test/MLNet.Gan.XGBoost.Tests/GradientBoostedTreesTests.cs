using MLNet.Gan.Evaluation;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Tabular;
using MLNet.Gan.XGBoost;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 1)]

namespace MLNet.Gan.XGBoost.Tests;

[TestClass]
public sealed class GradientBoostedTreesTests
{
    /// <summary>Positives have x &gt; 0.7 or category "b"; a missing x is informative (mostly positive).</summary>
    internal static Table Data(int rows, int seed)
    {
        var rng = new Random(seed);
        var x = new double[rows];
        var c = new string[rows];
        var y = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = i % 50 == 0 ? double.NaN : rng.NextDouble();
            c[i] = rng.NextDouble() < 0.1 ? "b" : "a";
            y[i] = double.IsNaN(x[i]) || x[i] > 0.7 || c[i] == "b" ? "yes" : "no";
        }

        return new Table([new NumericColumn("x", x), CategoricalColumn.FromValues("c", c), CategoricalColumn.FromValues("y", y)], "y");
    }

    [TestMethod]
    public void Learns_NumericCategoricalAndMissing_AndScoresProbabilities()
    {
        var trainer = new GanContext(1).Classifiers.GradientBoostedTrees("y", "yes", new GradientBoostedTreesOptions { Rounds = 50 });
        using var model = trainer.Fit(Data(2000, 1));
        var test = Data(1000, 2);
        var scored = model.Transform(test);
        Assert.AreEqual(test.RowCount, scored.RowCount);
        var scores = ((NumericColumn)scored["Score"]).Values;
        Assert.IsTrue(scores.All(s => s is >= 0 and <= 1));
        var metrics = BinaryMetrics.Evaluate(scored, "y", "yes");
        Assert.IsGreaterThan(0.99, metrics.RocAuc, $"ROC-AUC {metrics.RocAuc}");
    }

    [TestMethod]
    public void SameSeed_GivesTheSameModel()
    {
        var data = Data(1500, 3);
        var options = new GradientBoostedTreesOptions { Rounds = 20, Seed = 7 };
        using var a = new GradientBoostedTreesTrainer("y", "yes", options).Fit(data);
        using var b = new GradientBoostedTreesTrainer("y", "yes", options).Fit(data);
        CollectionAssert.AreEqual(a.ModelBytes(), b.ModelBytes());
    }

    [TestMethod]
    public void FastTreePreset_HasFastTreesDefaults()
    {
        var o = GradientBoostedTreesOptions.FastTreeCompatible();
        Assert.AreEqual(100, o.Rounds);
        Assert.AreEqual(20, o.MaxLeaves);
        Assert.AreEqual(0.2, o.LearningRate);
        Assert.IsTrue(o.LossGuided);
        using var model = new GradientBoostedTreesTrainer("y", "yes", o).Fit(Data(1000, 4));
        Assert.IsNotEmpty(model.ModelBytes());
    }

    [TestMethod]
    public void UnknownPositiveClassOrMissingFeature_IsAClearError()
    {
        var data = Data(200, 5);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new GradientBoostedTreesTrainer("y", "maybe").Fit(data)).Message, "no value 'maybe'");
        using var model = new GradientBoostedTreesTrainer("y", "yes", new GradientBoostedTreesOptions { Rounds = 5 }).Fit(data);
        var missing = data.Drop("c");
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => model.Transform(missing)).Message, "column 'c'");
    }
}
