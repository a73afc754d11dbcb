using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Sequences;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Pipeline;

/// <summary>The catalogs behave as ML.NET's own components do: they log through the context, take its seed, and stop when cancelled.</summary>
[TestClass]
public sealed class ContextBehaviourTests
{
    private static IDataView Rows(MLContext ml, int rows = 60) => AugmentationPipelineTests.Data(rows).Drop("id").ToDataView();

    [TestMethod]
    public void SynthesizerFit_LogsItsStartEpochsAndEnd_ThroughTheContext()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<LoggingEventArgs>();
        ml.Log += (_, e) => messages.Add(e);
        ml.Synthesizers.Tvae(new TvaeOptions { Epochs = 20, BatchSize = 20 }).Fit(Rows(ml));
        var ours = messages.Where(m => m.Source.StartsWith("MLNet.Gan.Synthesizers", StringComparison.Ordinal)).Select(m => m.RawMessage).ToList();
        Assert.IsTrue(ours.Any(m => m.StartsWith("TVAE: training on 60 rows", StringComparison.Ordinal)), string.Join("\n", ours));
        Assert.IsTrue(ours.Any(m => m.StartsWith("TVAE epoch 2/20:", StringComparison.Ordinal)), "a tenth of the epochs");
        Assert.IsTrue(ours.Any(m => m.StartsWith("TVAE epoch 20/20:", StringComparison.Ordinal)), "the last epoch");
        Assert.IsFalse(ours.Any(m => m.StartsWith("TVAE epoch 3/20:", StringComparison.Ordinal)), "not every epoch");
        Assert.IsTrue(ours.Any(m => m.StartsWith("TVAE: trained in", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Augmentation_LogsTheOversamplerFitAndWhatItAdded()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Source.StartsWith("MLNet.Gan.Augmentation", StringComparison.Ordinal))
            {
                messages.Add(e.RawMessage);
            }
        };
        var data = AugmentationPipelineTests.Data(300).ToDataView();
        var pipeline = ml.Transforms.FeaturizeForTrees(data.Schema, "y", "yes", ignoreColumns: ["id"])
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5))
            .WithAugmentation(ml.Augmentation.Tvae("y", "yes", targetRatio: 0.3, options: new TvaeOptions { Epochs = 10, BatchSize = 10 }));
        pipeline.Fit(data);
        Assert.IsTrue(messages.Any(m => m.StartsWith("TVAE oversampler: training on 30 positives", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.StartsWith("TVAE epoch 10/10:", StringComparison.Ordinal)));
        Assert.IsTrue(messages.Any(m => m.StartsWith("tvae augmentation: 51 synthetic positives added to 300 training rows", StringComparison.Ordinal)), string.Join("\n", messages));
    }

    [TestMethod]
    public void DefaultSynthesizer_TakesItsSeedFromTheContext_UnlessOneIsGiven()
    {
        static float[] Generated(int contextSeed, int? seed = null)
        {
            var ml = new MLContext(contextSeed);
            var model = ml.Synthesizers.Tvae(seed: seed).Fit(Rows(ml, 40));
            return [.. model.Generate(30, seed: 5).GetColumn<float>("x")];
        }

        var first = Generated(1);
        CollectionAssert.AreEqual(first, Generated(1), "the same context seed gives the same model");
        CollectionAssert.AreNotEqual(first, Generated(2), "another context seed gives another model");
        CollectionAssert.AreEqual(Generated(1, seed: 7), Generated(2, seed: 7), "a seed given to the catalog wins over the context's");
    }

    [TestMethod]
    public void AnomalyDetector_TakesItsSeedFromTheContext_AndLogsItsFit()
    {
        // ML.NET gives extension trainers no public way to their context: if a later ML.NET hides it
        // elsewhere, every context seeds the detector alike and the second assertion fails.
        static long Seed(int contextSeed, int? seed = null) => new MLContext(contextSeed).AnomalyDetection.Trainers.Tvae(seed: seed).Options.Tvae.Seed;
        Assert.AreEqual(Seed(1), Seed(1), "the same context seed gives the same detector");
        Assert.AreNotEqual(Seed(1), Seed(2), "another context seed gives another detector");
        Assert.AreEqual(7, Seed(1, seed: 7), "a seed given to the trainer wins over the context's");

        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Source.StartsWith("MLNet.Gan.AnomalyDetection", StringComparison.Ordinal))
            {
                messages.Add(e.RawMessage);
            }
        };
        var options = new Gan.Anomaly.TvaeAnomalyOptions { Tvae = new TvaeOptions { Epochs = 10, BatchSize = 20 }, Contamination = 0.05 };
        ml.AnomalyDetection.Trainers.Tvae(options).Fit(Rows(ml));
        Assert.IsTrue(messages.Any(m => m.StartsWith("TVAE anomaly detector: training on 60 rows", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.StartsWith("TVAE anomaly detector epoch 10/10:", StringComparison.Ordinal)), string.Join("\n", messages));
    }

    [TestMethod]
    public void Cancellation_FromAnotherThreadMidFit_StopsWithinAStep()
    {
        var ml = new MLContext(seed: 1);
        using var cts = new CancellationTokenSource();
        var cancelledAt = new Stopwatch();
        int epochsSeen = 0;
        var options = new CtGanOptions
        {
            Epochs = 10_000,
            BatchSize = 50,
            Progress = ContextLogProgress(p =>
            {
                epochsSeen = p.Epoch;
                if (p.Epoch == 2)
                {
                    // cancelled by another thread, as a service stopping a job would
                    Task.Run(() =>
                    {
                        cancelledAt.Start();
                        cts.Cancel();
                    }).Wait();
                }
            }),
        };
        var estimator = ml.Synthesizers.CtGan(options, cancellationToken: cts.Token);
        Assert.ThrowsExactly<OperationCanceledException>(() => estimator.Fit(Rows(ml, 200)));
        Assert.IsLessThanOrEqualTo(3, epochsSeen, "it stopped in the epoch it was cancelled in");
        Assert.IsLessThan(2.0, cancelledAt.Elapsed.TotalSeconds, "within one training step, not at the end");
    }

    [TestMethod]
    public void SeriesGanFit_LogsItsStepsAndKeptCheckpoint()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Source.StartsWith("MLNet.Gan.Series", StringComparison.Ordinal))
            {
                messages.Add(e.RawMessage);
            }
        };
        var garch = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6));
        var returns = garch.Simulate(1500, seed: 1);
        var view = ml.Data.LoadFromEnumerable(returns.Select((r, t) => new Day { Index = t, Return = (float)r }));
        ml.Series.Gan(new SeriesGanOptions { Steps = 100, CheckpointPaths = 0, Layers = 3, DiscriminatorLayers = 3, Hidden = 8, WindowLength = 64 }).Fit(view);
        Assert.IsTrue(messages.Any(m => m.StartsWith("sequence GAN: training on 1 asset(s) × 1,500 days, 100 steps", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.StartsWith("sequence GAN step 100/100:", StringComparison.Ordinal)));
        Assert.IsTrue(messages.Any(m => m.StartsWith("sequence GAN: kept the generator of step", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void EstimatorOutputSchemas_AreThoseOfWhatTheFittedModelsWrite()
    {
        var ml = new MLContext(seed: 1);
        // a Double, a Boolean and a text column in; Single and text out
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new Loan { Amount = 100.0 * (i % 7), Late = i % 3 == 0, Region = i % 2 == 0 ? "north" : "south" }));
        var synthesizer = ml.Synthesizers.Tvae(new TvaeOptions { Epochs = 1, BatchSize = 20 }, labelColumnName: "Late");
        var generated = synthesizer.Fit(rows).Generate(5).Schema;
        AssertSameColumns(generated, synthesizer.GetOutputSchema(Shape(rows.Schema)));

        var garch = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6));
        var days = ml.Data.LoadFromEnumerable(garch.Simulate(400, seed: 1).Select((r, t) => new Day { Index = t, Return = (float)r }));
        var series = ml.Series.Garch();
        var fitted = series.Fit(days);
        AssertSameColumns(fitted.Transform(days).Schema, series.GetOutputSchema(Shape(days.Schema)));
        AssertSameColumns(fitted.Transform(days).Schema, Shape(fitted.GetOutputSchema(days.Schema)));
    }

    /// <summary>ML.NET's own shape of a schema (<c>SchemaShape.Create</c> is internal to ML.NET).</summary>
    private static SchemaShape Shape(DataViewSchema schema)
        => (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(DataViewSchema)])!.Invoke(null, [schema])!;

    private static void AssertSameColumns(DataViewSchema actual, SchemaShape promised)
    {
        var real = actual.Where(c => !c.IsHidden).Select(c => (c.Name, c.Type.RawType)).ToList();
        var shape = promised.Select(c => (c.Name, c.ItemType.RawType)).ToList();
        CollectionAssert.AreEqual(real, shape, $"written: {string.Join(", ", real)}; promised: {string.Join(", ", shape)}");
    }

    private static IProgress<TrainingProgress> ContextLogProgress(Action<TrainingProgress> report) => new InlineProgress<TrainingProgress>(report);

    private sealed class Loan
    {
        public double Amount { get; set; }

        public bool Late { get; set; }

        public string Region { get; set; } = "";
    }

    private sealed class Day
    {
        [ColumnName("day")]
        public float Index { get; set; }

        public float Return { get; set; }
    }
}
