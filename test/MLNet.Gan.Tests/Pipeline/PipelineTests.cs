using MLNet.Gan.Augmentation;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Pipeline;

[TestClass]
public sealed class PipelineTests
{
    /// <summary>A table of 1000 rows, 100 positive, with a row id to trace where rows went.</summary>
    private static Table Data()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        var x = Enumerable.Range(0, 1000).Select(i => (double)(i % 97)).ToArray();
        var y = Enumerable.Range(0, 1000).Select(i => i % 10 == 0 ? "yes" : "no").ToArray();
        return new Table([new NumericColumn("id", ids), new NumericColumn("x", x), CategoricalColumn.FromValues("y", y)], "y");
    }

    /// <summary>Records the rows it was fitted on and scores each row with its x (a test double of a classifier).</summary>
    private sealed class RecordingScorer : IEstimator<RecordingScorer.Model>
    {
        public List<double[]> FittedOn { get; } = [];

        public Model Fit(Table input)
        {
            FittedOn.Add(((NumericColumn)input["id"]).Values);
            return new Model();
        }

        public sealed class Model : ITransformer
        {
            public Table Transform(Table input)
                => new([.. input.Columns, new NumericColumn("Score", [.. ((NumericColumn)input["x"]).Values.Select(v => v / 100)])], input.Label);
        }
    }

    [TestMethod]
    public void TrainingScopedAugmentation_AddsRowsWhenFitting_NeverWhenScoring()
    {
        var ctx = new GanContext(seed: 1);
        var (train, test) = ctx.Data.TrainTestSplit(Data(), 0.3);
        var scorer = new RecordingScorer();
        var model = ctx.Augment.Smote("y", "yes", targetRatio: 0.5).WithScope(TransformerScope.Training).Append(scorer).Fit(train);

        // the classifier saw the augmented training rows: positives ÷ negatives = 0.5
        int trainNegatives = train.RowCount - train.RowsWithLabel("yes").Length;
        Assert.AreEqual(train.RowCount + ((int)Math.Round(0.5 * trainNegatives) - train.RowsWithLabel("yes").Length), scorer.FittedOn[0].Length);

        // scoring returns exactly the rows it was given, in order
        var scored = model.Transform(test);
        Assert.AreEqual(test.RowCount, scored.RowCount);
        CollectionAssert.AreEqual(((NumericColumn)test["id"]).Values, ((NumericColumn)scored["id"]).Values);
    }

    [TestMethod]
    public void CrossValidation_FitsAugmentationInsideEachFold_NeverOnItsTestRows()
    {
        var ctx = new GanContext(seed: 2);
        var data = Data();
        var scorer = new RecordingScorer();
        var pipeline = ctx.Augment.RandomOversample("y", "yes", targetRatio: 0.5).WithScope(TransformerScope.Training).Append(scorer);
        var metrics = ctx.Data.CrossValidate(data, pipeline, "yes", folds: 4);
        Assert.AreEqual(4, metrics.Count);
        var folds = data.KFold(4, seed: 2);
        for (int f = 0; f < 4; f++)
        {
            var testIds = ((NumericColumn)folds[f].Test["id"]).Values.ToHashSet();
            var trainIds = ((NumericColumn)folds[f].Train["id"]).Values.ToHashSet();
            Assert.IsFalse(scorer.FittedOn[f].Any(testIds.Contains), $"fold {f}: the augmented training rows include a test row");
            Assert.IsTrue(scorer.FittedOn[f].All(trainIds.Contains), $"fold {f}: augmentation only duplicates the fold's training positives");
            Assert.IsGreaterThan(trainIds.Count, scorer.FittedOn[f].Length, "augmentation added rows");
        }
    }

    [TestMethod]
    public void Smote_AddsOnlyPositives_WithValuesBetweenNeighbours()
    {
        var data = Data();
        var transformer = new GanContext(3).Augment.Smote("y", "yes", targetRatio: 0.5).Fit(data);
        var augmented = transformer.Transform(data);
        var added = augmented.Select([.. Enumerable.Range(data.RowCount, augmented.RowCount - data.RowCount)]);
        Assert.AreEqual(450 - 100, added.RowCount);
        Assert.IsTrue(Enumerable.Range(0, added.RowCount).All(r => added["y"].Format(r) == "yes"));
        var x = ((NumericColumn)added["x"]).Values;
        Assert.IsTrue(x.All(v => v >= 0 && v <= 96), "interpolated values stay within the positives' range");
    }

    [TestMethod]
    public void Smote_LeavesIntegerColumnsUnrounded_UnlessAsked()
    {
        var data = Data();
        static Table Added(Table data, bool round)
        {
            var augmented = new GanContext(4).Augment.Smote("y", "yes", targetRatio: 0.5, roundIntegers: round).Fit(data).Transform(data);
            return augmented.Select([.. Enumerable.Range(data.RowCount, augmented.RowCount - data.RowCount)]);
        }

        Assert.IsTrue(((NumericColumn)Added(data, round: false)["x"]).Values.Any(v => v != Math.Floor(v)), "interpolated values are kept as they are");
        Assert.IsTrue(((NumericColumn)Added(data, round: true)["x"]).IsInteger, "rounded on request");
    }

    [TestMethod]
    public void Oversampling_UnknownPositiveClass_ListsTheValues()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new GanContext().Augment.Smote("y", "maybe").Fit(Data()));
        StringAssert.Contains(e.Message, "yes, no");
    }
}
