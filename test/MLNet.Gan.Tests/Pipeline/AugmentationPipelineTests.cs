using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using MLNet.Gan.Augmentation;
using MLNet.Gan.Compute;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Pipeline;

/// <summary>One test per trap of ../shared/docs/mlnet-integration.md, on a real ML.NET pipeline with FastTree.</summary>
[TestClass]
public sealed class AugmentationPipelineTests
{
    /// <summary>1000 rows, 100 positive: an id to trace rows, x informative with missing cells, a category.</summary>
    internal static Table Data(int rows = 1000, int seed = 0)
    {
        var rng = new Random(seed);
        var ids = new double[rows];
        var x = new double[rows];
        var c = new string[rows];
        var y = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            bool positive = i % 10 == 0;
            ids[i] = i;
            x[i] = i % 13 == 0 ? double.NaN : rng.NextDouble() + (positive ? 0.6 : 0);
            c[i] = rng.NextDouble() < (positive ? 0.6 : 0.2) ? "b" : "a";
            y[i] = positive ? "yes" : "no";
        }

        return new Table([new NumericColumn("id", ids), new NumericColumn("x", x), CategoricalColumn.FromValues("c", c), CategoricalColumn.FromValues("y", y)], "y");
    }

    private static EstimatorChain<BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase<FastTreeBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>>> Trees(MLContext ml, DataViewSchema schema, int threads = 1)
        => ml.Transforms.FeaturizeForTrees(schema, "y", "yes", ignoreColumns: ["id"])
            .Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfTrees = 20, NumberOfThreads = threads }));

    [TestMethod]
    public void Scoring_ReturnsExactlyTheRowsItWasGiven()
    {
        var ml = new MLContext(1);
        var split = ml.Data.StratifiedTrainTestSplit(Data().ToDataView(), "y", 0.3, seed: 1);
        var estimator = Trees(ml, split.TrainSet.Schema).WithAugmentation(ml.Augmentation.Smote("y", "yes", targetRatio: 0.5));
        var model = estimator.Fit(split.TrainSet);
        int seenByTrainer = model.GetAugmentation()!.Augmented.RowCount;
        var scored = model.Transform(split.TestSet);
        CollectionAssert.AreEqual(split.TestSet.GetColumn<float>("id").ToArray(), scored.GetColumn<float>("id").ToArray());
        int trainRows = (int)split.TrainSet.GetRowCount()!;
        Assert.AreEqual(trainRows + ((int)Math.Round(0.5 * (trainRows - 70)) - 70), seenByTrainer, "the trainer saw positives ÷ negatives = 0.5");
        Assert.IsFalse(model.GetType().FullName!.Contains("MLNet.Gan", StringComparison.Ordinal), $"nothing of ours in the model: {model.GetType()}");
    }

    [TestMethod]
    public void PredictionEngine_WorksOnTheFittedModel_AndSaveLoadScoresIdentically()
    {
        var ml = new MLContext(2);
        var data = Data().ToDataView();
        var model = Trees(ml, data.Schema).WithAugmentation(ml.Augmentation.CtGan("y", "yes", 0.5, new CtGanOptions { Epochs = 2, Seed = 2 })).Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Input, Output>(model);
        var one = engine.Predict(new Input { id = 0, x = 1.5f, c = "b", y = "yes" });
        Assert.IsTrue(one.Probability is > 0 and < 1);

        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-model-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = ml.Model.Load(path, out _);
            Assert.AreEqual(350, model.GetAugmentation()!.RowsAdded, "the fitted model tells what its augmentation added");
            Assert.IsNull(loaded.GetAugmentation(), "a loaded model holds no synthetic row, and no run");
            CollectionAssert.AreEqual(model.Transform(data).GetColumn<float>("Score").ToArray(), loaded.Transform(data).GetColumn<float>("Score").ToArray());
            var loadedEngine = ml.Model.CreatePredictionEngine<Input, Output>(loaded);
            Assert.AreEqual(one.Score, loadedEngine.Predict(new Input { id = 0, x = 1.5f, c = "b", y = "yes" }).Score);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void CrossValidate_HoldOutRowsSumToTheData_AndEachFoldsAugmenterSawOnlyItsTrainingRows()
    {
        var ml = new MLContext(3);
        var data = Data().ToDataView();
        var estimator = Trees(ml, data.Schema).WithAugmentation(ml.Augmentation.RandomOversample("y", "yes", targetRatio: 0.5));
        static HashSet<double> Seen(ITransformer model) => [.. ((NumericColumn)model.GetAugmentation()!.Training["id"]).Values];

        // ML.NET's own cross-validation: each fold's model carries the run that preceded its fit
        var results = ml.BinaryClassification.CrossValidate(data, estimator, numberOfFolds: 4);
        var seen = results.Select(r => Seen(r.Model)).ToList();
        Assert.AreEqual(1000L, results.Sum(r => r.ScoredHoldOutSet.GetColumn<float>("id").LongCount()));
        for (int f = 0; f < 4; f++)
        {
            var held = results[f].ScoredHoldOutSet.GetColumn<float>("id").Select(v => (double)v).ToHashSet();
            Assert.AreEqual(1000 - held.Count, seen[f].Count, $"fold {f}: the augmenter saw the fold's training rows");
            Assert.IsFalse(seen[f].Overlaps(held), $"fold {f}: the augmenter saw a hold-out row");
        }

        // our stratified one
        var folds = ml.BinaryClassification.StratifiedCrossValidate(data, estimator, "y", numberOfFolds: 4, seed: 3);
        seen = [.. folds.Select(f => Seen(f.Model))];
        Assert.AreEqual(1000, folds.Sum(f => f.Metrics.Rows));
        Assert.IsTrue(folds.All(f => f.Metrics.Positives == 25), "every fold holds its share of positives");
        for (int f = 0; f < 4; f++)
        {
            var held = folds[f].ScoredTestSet.GetColumn<float>("id").Select(v => (double)v).ToHashSet();
            Assert.IsFalse(seen[f].Overlaps(held), $"fold {f}: the augmenter saw a test row");
            Assert.AreEqual(750, seen[f].Count);
        }
    }

    [TestMethod]
    public void FeaturizeForTrees_DropsNoTrainingRowForAMissingValue()
    {
        var ml = new MLContext(4);
        var skipped = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Message.Contains("Skipped", StringComparison.Ordinal))
            {
                skipped.Add(e.Message);
            }
        };
        var data = Data().ToDataView();
        Assert.IsTrue(data.GetColumn<float>("x").Any(float.IsNaN), "the data has missing values");
        var featurized = ml.Transforms.FeaturizeForTrees(data.Schema, "y", "yes", ignoreColumns: ["id"]).Fit(data).Transform(data);
        Assert.IsFalse(featurized.GetColumn<float[]>("Features").Any(v => v.Any(float.IsNaN)), "no NaN reaches the trainer");
        ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5).Fit(featurized);
        Assert.IsEmpty(skipped, string.Join("; ", skipped));

        // the check can fail: FastTree on the raw number does skip rows
        var raw = ml.Transforms.Concatenate("Features", "x").Append(ml.Transforms.Conversion.MapValue("Label", [new KeyValuePair<string, bool>("yes", true)], "y")).Fit(data).Transform(data);
        ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5).Fit(raw);
        Assert.IsNotEmpty(skipped, "FastTree reports the rows it drops");
    }

    [TestMethod]
    public void FeaturizeForTrees_NumericCodes_ReachTheTreesAsNumbers()
    {
        var ml = new MLContext(9);
        var grades = Enumerable.Range(0, 200).Select(i => ((i % 11) - 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var table = new Table([CategoricalColumn.FromValues("grade", grades), CategoricalColumn.FromValues("y", [.. grades.Select(g => int.Parse(g, System.Globalization.CultureInfo.InvariantCulture) >= 2 ? "yes" : "no")])], "y");
        var data = table.ToDataView();
        var asNumbers = ml.Transforms.FeaturizeForTrees(data.Schema, "y", "yes", numericCodeColumns: ["grade"]).Fit(data).Transform(data).GetColumn<float[]>("Features").ToArray();
        CollectionAssert.AreEqual(new[] { -2f, 0f }, asNumbers[0], "the code's number and its missing indicator");
        var oneHot = ml.Transforms.FeaturizeForTrees(data.Schema, "y", "yes").Fit(data).Transform(data).GetColumn<float[]>("Features").First();
        Assert.HasCount(11, oneHot, "one indicator per code otherwise");
    }

    [TestMethod]
    public void BadInput_GetsAClearErrorNamingTheColumn()
    {
        var ml = new MLContext(5);
        var data = Data().ToDataView();
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.FeaturizeForTrees(data.Schema, "target", "yes")).Message, "'target'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Trees(ml, data.Schema).WithAugmentation(ml.Augmentation.Smote("target", "yes")).Fit(data)).Message, "'target'");
        var unknownPositive = Assert.ThrowsExactly<ArgumentException>(() => Trees(ml, data.Schema).WithAugmentation(ml.Augmentation.Smote("y", "maybe")).Fit(data));
        StringAssert.Contains(unknownPositive.Message, "no value 'maybe'");
        StringAssert.Contains(unknownPositive.Message, "'y'");
        var positivesOnly = ml.Data.FilterByCustomPredicate<Input>(ml.Data.LoadFromEnumerable([new Input { id = 1, x = 1, c = "a", y = "no" }, new Input { id = 2, x = 2, c = "b", y = "yes" }]), r => r.y == "no");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Trees(ml, positivesOnly.Schema).WithAugmentation(ml.Augmentation.Smote("y", "yes")).Fit(positivesOnly)).Message, "'y'");

        var model = Trees(ml, data.Schema).Fit(data);
        var withoutX = Data().Drop("x").ToDataView();
        var unknownSchema = Assert.Throws<Exception>(() => model.Transform(withoutX).GetColumn<float>("Score").ToArray());
        StringAssert.Contains(unknownSchema.Message, "'x'");
    }

    [TestMethod]
    public void SameSeed_SameScoresOnEveryRow_OneOrTwoThreads()
    {
        var data = Data().ToDataView();
        float[] Scores(int threads)
        {
            int saved = ComputeSettings.Threads;
            ComputeSettings.Threads = threads;
            try
            {
                var ml = new MLContext(6);
                var model = Trees(ml, data.Schema, threads).WithAugmentation(ml.Augmentation.CtGan("y", "yes", 0.5, new CtGanOptions { Epochs = 3, Seed = 6 })).Fit(data);
                return model.Transform(data).GetColumn<float>("Score").ToArray();
            }
            finally
            {
                ComputeSettings.Threads = saved;
            }
        }

        CollectionAssert.AreEqual(Scores(1), Scores(2));
    }

    [TestMethod]
    public void FeatureSpaceAugmentation_AugmentsOnlyTheFeatureVectorForTheTrainer()
    {
        var ml = new MLContext(7);
        var data = Data().ToDataView();
        var trainer = ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 10).WithFeatureSpaceAugmentation(ml.Augmentation.Smote("Label", "True", 0.5));
        var model = ml.Transforms.FeaturizeForTrees(data.Schema, "y", "yes", ignoreColumns: ["id"]).Append(trainer).Fit(data);
        var run = model.GetAugmentation();
        Assert.IsNotNull(run);
        CollectionAssert.AreEquivalent(new[] { "Features[0]", "Features[1]", "Features[2]", "Features[3]", "Label" }, run.Training.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(350, run.RowsAdded);
        Assert.AreEqual(1000L, model.Transform(data).GetColumn<float>("Score").LongCount());
    }

    [TestMethod]
    public void Synthesizer_FitsOnADataView_GeneratesConditionedRows_AndSavesToItsOwnArchive()
    {
        var ml = new MLContext(8);
        var data = Data().Drop("id").ToDataView();
        var synthesizer = ml.Synthesizers.CtGan(new CtGanOptions { Epochs = 5, Seed = 8 }, labelColumnName: "y").Fit(data);
        var rows = synthesizer.Generate(300, "c", "b", seed: 1);
        Assert.AreEqual(300L, rows.GetRowCount());
        Assert.IsTrue(rows.GetColumn<string>("c").All(v => v == "b"));
        Assert.AreEqual(1000L, synthesizer.Transform(data).GetRowCount());
        Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(synthesizer, data.Schema, Path.Combine(Path.GetTempPath(), "never.zip")));

        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-synth-{Guid.NewGuid():N}.zip");
        try
        {
            synthesizer.Save(path);
            var loaded = ml.Synthesizers.Load(path);
            CollectionAssert.AreEqual(rows.GetColumn<float>("x").ToArray(), loaded.Generate(300, "c", "b", seed: 1).GetColumn<float>("x").ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Auto_ChoosesByInnerCrossValidationOnTheTrainingRows_AndAddsNothingOnATie()
    {
        var ml = new MLContext(10);
        var split = ml.Data.StratifiedTrainTestSplit(Data().ToDataView(), "y", 0.3, seed: 10);
        var estimator = Trees(ml, split.TrainSet.Schema).WithAugmentation(new AugmentationCatalog(10).Auto("y", "yes", ratios: [0.25, 0.5], methods: [AugmentationMethod.Smote, AugmentationMethod.Random]));
        var model = estimator.Fit(split.TrainSet);
        var run = model.GetAugmentation();
        var choice = run!.Choice!;
        Assert.HasCount(5, choice.Scores, "none, and two candidates at two ratios");
        Assert.AreEqual("none", choice.Scores[0].Method);
        Assert.IsTrue(choice.Scores.All(c => c.FoldScores.Count == 3));
        var chosen = AugmentationSelection.OneStandardErrorChoice(choice.Scores);
        Assert.AreEqual((chosen.Method, chosen.Ratio), (choice.Method, choice.Ratio));
        Assert.AreEqual(700, run.Training.RowCount, "it chose on the training rows only");
        Assert.AreEqual(choice.Method == "none" ? 0 : (int)Math.Round(choice.Ratio * 630) - 70, run.RowsAdded);
        Assert.AreEqual(300L, model.Transform(split.TestSet).GetColumn<float>("Score").LongCount());

        // every candidate separates the classes perfectly: a tie, so nothing is added
        var separable = new Table([new NumericColumn("x", [.. Enumerable.Range(0, 600).Select(i => i % 10 == 0 ? 5.0 + (i % 7) : i % 5)]), CategoricalColumn.FromValues("y", [.. Enumerable.Range(0, 600).Select(i => i % 10 == 0 ? "yes" : "no")])], "y").ToDataView();
        var tie = ml.Transforms.FeaturizeForTrees(separable.Schema, "y", "yes").Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5))
            .WithAugmentation(new AugmentationCatalog(11).Auto("y", "yes", methods: [AugmentationMethod.Random]));
        run = tie.Fit(separable).GetAugmentation();
        Assert.AreEqual("none", run!.Choice!.Method, run.Choice.ToString());
        Assert.AreEqual(0, run.RowsAdded);
    }

    [TestMethod]
    public void OneStandardErrorRule_KeepsTheSimplestCandidateWithinOneStandardErrorOfTheBest()
    {
        var none = new CandidateScore("none", 0, [0.20, 0.18, 0.19]);
        // wins by 0.002 on average, but the fold differences (+0.012, −0.010, +0.004) have a standard error of 0.0065
        var noisy = new CandidateScore("ctgan", 0.1, [0.212, 0.170, 0.194]);
        Assert.AreSame(none, AugmentationSelection.OneStandardErrorChoice([none, noisy]));
        // wins by 0.01 on every fold: a standard error of 0, so it is chosen
        var steady = new CandidateScore("tvae", 0.1, [0.21, 0.19, 0.20]);
        Assert.AreSame(steady, AugmentationSelection.OneStandardErrorChoice([none, noisy, steady]));
        // the baseline (the better of nothing and class weights) within one standard error of the best wins over it
        var weighted = new CandidateScore("weighted", 0, [0.205, 0.192, 0.199]);
        Assert.AreSame(weighted, AugmentationSelection.OneStandardErrorChoice([none, weighted, steady]));
        // nothing and class weights add no rows: the better mean wins between them, with no standard error to clear
        var barelyWeighted = new CandidateScore("weighted", 0, [0.19, 0.20, 0.185]);
        Assert.AreSame(barelyWeighted, AugmentationSelection.OneStandardErrorChoice([none, barelyWeighted, noisy]));
        // a generator must beat the baseline, not only nothing: 0.01 over nothing on every fold, but within one s.e. of class weights
        var overWeights = new CandidateScore("weighted", 0, [0.213, 0.183, 0.201]);
        Assert.AreSame(overWeights, AugmentationSelection.OneStandardErrorChoice([none, overWeights, steady]));
        // of two generators both clear of the baseline, a smaller ratio within one s.e. of the best wins
        var small = new CandidateScore("tvae", 0.1, [0.230, 0.212, 0.221]);
        var large = new CandidateScore("tvae", 0.25, [0.231, 0.214, 0.220]);
        Assert.AreSame(small, AugmentationSelection.OneStandardErrorChoice([none, small, large]));
        Assert.AreEqual(Math.Sqrt((0.010 * 0.010 + 0.012 * 0.012 + 0.002 * 0.002) / 2 / 3), AugmentationSelection.PairedStandardError(noisy.FoldScores, none.FoldScores), 1e-12);
    }

    [TestMethod]
    public void OneStandardErrorRule_NeverChoosesACandidateThatDoesNotClearTheBaseline()
    {
        // CTGAN clears adding nothing on every fold; SMOTE is within one standard error of CTGAN but its mean is below adding nothing
        var none = new CandidateScore("none", 0, [0.30, 0.30, 0.30]);
        var smote = new CandidateScore("smote", 0.1, [0.20, 0.40, 0.27]);
        var ctgan = new CandidateScore("ctgan", 0.5, [0.32, 0.32, 0.32]);
        Assert.IsLessThan(none.Mean, smote.Mean);
        Assert.IsLessThanOrEqualTo(AugmentationSelection.PairedStandardError(ctgan.FoldScores, smote.FoldScores), ctgan.Mean - smote.Mean, "SMOTE is within one s.e. of the best");
        Assert.AreSame(ctgan, AugmentationSelection.OneStandardErrorChoice([none, smote, ctgan]));

        // a smaller ratio that also clears the baseline and is within one s.e. of the best is still preferred
        var smallCtgan = new CandidateScore("ctgan", 0.1, [0.318, 0.321, 0.319]);
        Assert.AreSame(smallCtgan, AugmentationSelection.OneStandardErrorChoice([none, smote, smallCtgan, ctgan]));
    }

    [TestMethod]
    public void Auto_InnerFoldScoresThatDoNotLineUpWithTheLabels_AreRefusedNamingTheCause()
    {
        // a wrapped estimator that drops the rows with a missing x when it scores them: scores and labels would misalign
        var ml = new MLContext(13);
        var data = Data().ToDataView();
        var dropping = new RowFilterEstimator(ml, "x").Append(Trees(ml, data.Schema));
        var estimator = dropping.WithAugmentation(new AugmentationCatalog(13).Auto("y", "yes", ratios: [0.5], methods: [AugmentationMethod.Random]));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => estimator.Fit(data));
        StringAssert.Contains(error.Message, "inner fold 1");
        StringAssert.Contains(error.Message, "scores for");
        StringAssert.Contains(error.Message, "held-out rows");
    }

    [TestMethod]
    public void Auto_WithAWeightColumn_FitsAsDocumented_InsideAnEstimatorChain_AfterTheFeaturizer()
    {
        // the README's placement: the featurizer, then the trainer (reading the weight column) wrapped for feature-space auto
        var ml = new MLContext(14);
        var split = ml.Data.StratifiedTrainTestSplit(Data().ToDataView(), "y", 0.3, seed: 14);
        var trainer = ml.BinaryClassification.Trainers.FastTree(exampleWeightColumnName: "w", numberOfTrees: 10)
            .WithFeatureSpaceAugmentation(ml.Augmentation.Auto("Label", "True", ratios: [0.5], methods: [AugmentationMethod.Smote], exampleWeightColumnName: "w"));
        var pipeline = ml.Transforms.FeaturizeForTrees(split.TrainSet.Schema, "y", "yes", ignoreColumns: ["id"]).Append(trainer);
        var model = pipeline.Fit(split.TrainSet);
        var run = model.GetAugmentation();
        CollectionAssert.AreEqual(new[] { "none", "weighted", "smote" }, run!.Choice!.Scores.Select(c => c.Method).ToArray());
        Assert.AreEqual(300L, model.Transform(split.TestSet).GetColumn<float>("Score").LongCount(), "scoring needs no weight column");
    }

    [TestMethod]
    public void Auto_WithAWeightColumn_ScoresClassWeights_WhichReachTheTrainer_AndScoringNeedsNoWeights()
    {
        var ml = new MLContext(12);
        var split = ml.Data.StratifiedTrainTestSplit(Data().ToDataView(), "y", 0.3, seed: 12);
        var trees = ml.Transforms.FeaturizeForTrees(split.TrainSet.Schema, "y", "yes", ignoreColumns: ["id"])
            .Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfTrees = 20, NumberOfThreads = 1, ExampleWeightColumnName = "w" }));
        var estimator = trees.WithAugmentation(new AugmentationCatalog(12).Auto("y", "yes", ratios: [0.5], methods: [AugmentationMethod.Random], exampleWeightColumnName: "w"));
        var model = estimator.Fit(split.TrainSet);
        var run = model.GetAugmentation();
        var choice = run!.Choice!;
        CollectionAssert.AreEqual(new[] { "none", "weighted", "random" }, choice.Scores.Select(c => c.Method).ToArray());
        Assert.AreEqual(0, choice.Scores[1].Ratio);
        Assert.AreNotEqual(choice.Scores[0].Mean, choice.Scores[1].Mean, "weights of 9 for the positives change what FastTree learns");
        Assert.AreEqual(choice.Method == "weighted" ? 9.0 : 1.0, run.PositiveWeight, choice.ToString());
        Assert.AreEqual(choice.Method is "none" or "weighted" ? 0 : 245, run.RowsAdded);
        Assert.AreEqual(300L, model.Transform(split.TestSet).GetColumn<float>("Score").LongCount(), "the test rows carry no weight column");

        var clash = new Table([.. Data().Columns, new NumericColumn("w", new double[1000])], "y").ToDataView();
        var error = Assert.ThrowsExactly<ArgumentException>(() => trees.WithAugmentation(new AugmentationCatalog(12).Auto("y", "yes", methods: [AugmentationMethod.Random], exampleWeightColumnName: "w")).Fit(clash));
        StringAssert.Contains(error.Message, "already has a column 'w'");
    }

    [TestMethod]
    public void Smote_AddsOnlyPositives_WithValuesBetweenNeighbours_UnroundedUnlessAsked()
    {
        var data = Data().Drop("c");
        var run = new AugmentationCatalog(3).Smote("y", "yes", targetRatio: 0.5).Run(data);
        Assert.AreEqual(350, run.RowsAdded);
        Assert.IsTrue(Enumerable.Range(0, run.RowsAdded).All(r => run.SyntheticRows["y"].Format(r) == "yes"));
        var ids = ((NumericColumn)run.SyntheticRows["id"]).Values;
        Assert.IsTrue(ids.All(v => v is >= 0 and <= 990), "interpolated values stay within the positives' range");
        Assert.IsTrue(ids.Any(v => v != Math.Floor(v)), "interpolated integers are kept as they are");
        Assert.IsTrue(((NumericColumn)new AugmentationCatalog(3).Smote("y", "yes", 0.5, roundIntegers: true).Run(data).SyntheticRows["id"]).IsInteger, "rounded on request");
    }

    /// <summary>An estimator whose transformer drops the rows where <c>column</c> is missing (ML.NET's FilterRowsByMissingValues).</summary>
    private sealed class RowFilterEstimator(MLContext ml, string column) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => new RowFilter(ml, column, input.Schema);

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;

        private sealed class RowFilter(MLContext ml, string column, DataViewSchema schema) : ITransformer
        {
            public bool IsRowToRowMapper => false;

            public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => schema;

            public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

            public IDataView Transform(IDataView input) => ml.Data.FilterRowsByMissingValues(input, column);

            void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException();
        }
    }

    private sealed class Input
    {
        public float id { get; set; }

        public float x { get; set; }

        public string c { get; set; } = "";

        public string y { get; set; } = "";
    }

    private sealed class Output
    {
        public float Score { get; set; }

        public float Probability { get; set; }
    }
}
