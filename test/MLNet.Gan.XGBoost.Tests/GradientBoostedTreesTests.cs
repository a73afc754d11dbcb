using MLNet.Gan.Evaluation;
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
        using var model = new GradientBoostedTreesTrainer("y", "yes", new GradientBoostedTreesOptions { Rounds = 50, Seed = 1 }).Fit(Data(2000, 1));
        var test = Data(1000, 2);
        var scores = model.Score(test);
        Assert.HasCount(test.RowCount, scores);
        Assert.IsTrue(scores.All(s => s is >= 0 and <= 1));
        var metrics = BinaryMetrics.Evaluate(scores, test.LabelColumn!.Matches("yes"));
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
    public void UnknownPositiveClassOrMissingFeature_IsAClearError()
    {
        var data = Data(200, 5);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new GradientBoostedTreesTrainer("y", "maybe").Fit(data)).Message, "no value 'maybe'");
        using var model = new GradientBoostedTreesTrainer("y", "yes", new GradientBoostedTreesOptions { Rounds = 5 }).Fit(data);
        var missing = data.Drop("c");
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => model.Score(missing)).Message, "column 'c'");
    }

    /// <summary>An ordinal code held as a categorical column (like taiwan_default's PAY_0): positive from code 2 up.</summary>
    private static Table Graded(int rows, int seed)
    {
        var rng = new Random(seed);
        var grade = new string[rows];
        var y = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            int g = rng.Next(-2, 9);
            grade[i] = g.ToString(System.Globalization.CultureInfo.InvariantCulture);
            y[i] = g >= 2 ? "yes" : "no";
        }

        return new Table([CategoricalColumn.FromValues("grade", grade), CategoricalColumn.FromValues("y", y)], "y");
    }

    [TestMethod]
    public void NumberCategories_ReachTheTreesAsNumbers_SoOneSplitSeparatesAnOrdinalCode()
    {
        var train = Graded(2000, 1);
        var test = Graded(1000, 2);
        double RocAuc(bool asNumbers)
        {
            var options = new GradientBoostedTreesOptions { Rounds = 1, MaxDepth = 1, NumberCategoriesAsNumbers = asNumbers };
            using var model = new GradientBoostedTreesTrainer("y", "yes", options).Fit(train);
            return BinaryMetrics.Evaluate(model.Score(test), test.LabelColumn!.Matches("yes")).RocAuc;
        }

        Assert.AreEqual(1.0, RocAuc(asNumbers: true), "one split at 1.5 separates the codes");
        Assert.IsLessThan(0.9, RocAuc(asNumbers: false), "one-hot: one split isolates one code only");

        // scoring: an unseen number is still a number; a text value is missing, not an error
        using var trained = new GradientBoostedTreesTrainer("y", "yes", new GradientBoostedTreesOptions { Rounds = 1, MaxDepth = 1 }).Fit(train);
        var unseen = new Table([CategoricalColumn.FromValues("grade", ["9", "-5", "n/a"]), CategoricalColumn.FromValues("y", ["yes", "no", "no"])], "y");
        var scores = trained.Score(unseen);
        Assert.IsGreaterThan(0.5, scores[0]);
        Assert.IsLessThan(0.5, scores[1]);
        Assert.IsTrue(double.IsFinite(scores[2]));
    }
}
