using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Tests.Sequences;

[TestClass]
public sealed class SeriesGanTests
{
    private static SeriesGanOptions Small(long seed) => new() { Steps = 30, BatchSize = 4, WindowLength = 40, Layers = 3, DiscriminatorLayers = 3, Hidden = 8, Seed = seed };

    [TestMethod]
    public void Training_IsBitReproducible_WhateverTheThreads_AndSaveLoadGeneratesTheSamePaths()
    {
        var truth = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6));
        var a = truth.Simulate(3000, seed: 1);
        var series = new ReturnSeries(["a", "b"], [a, [.. a.Select((v, t) => (0.5 * v) + (0.001 * Math.Sin(t)))]]);
        int threads = ComputeSettings.Threads;
        try
        {
            ComputeSettings.Threads = 1;
            var one = new SeriesGan(Small(3)).Fit(series).Generate(500, seed: 9);
            ComputeSettings.Threads = 2;
            var model = new SeriesGan(Small(3)).Fit(series);
            var two = model.Generate(500, seed: 9);
            CollectionAssert.AreEqual(one.Returns[0], two.Returns[0], "same seed, 1 or 2 threads: the same path");
            CollectionAssert.AreNotEqual(two.Returns[0], model.Generate(500, seed: 10).Returns[0]);
            Assert.IsTrue(two.Returns.All(r => r.All(double.IsFinite)));

            string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-seriesgan-{Guid.NewGuid():N}.json");
            try
            {
                model.Save(path);
                var loaded = SeriesModels.Load(path);
                Assert.AreEqual("gan", loaded.Kind);
                CollectionAssert.AreEqual(two.Returns[1], loaded.Generate(500, seed: 9).Returns[1]);
            }
            finally
            {
                File.Delete(path);
            }
        }
        finally
        {
            ComputeSettings.Threads = threads;
        }
    }

    [TestMethod]
    public void CheckpointSelection_KeepsTheGeneratorOfTheBestCheckpoint_WhichTrainingToThatStepGives()
    {
        // one asset (no noise channels by default): checkpoints at steps 100 and 150; selection draws its paths
        // from its own stream, so training stopped at the kept step gives the kept generator exactly
        var series = new ReturnSeries(["r"], [GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6)).Simulate(3000, seed: 2)]);
        var options = Small(5);
        options.Steps = 150;
        options.CheckpointPaths = 2;
        var selected = new SeriesGan(options).Fit(series);
        CollectionAssert.Contains(new[] { 100, 150 }, selected.TrainingStep);

        var stopped = Small(5);
        stopped.Steps = selected.TrainingStep;
        stopped.CheckpointPaths = 0;
        Assert.AreEqual(2400, selected.TrainingDays, "the last fifth is held out of training");
        Assert.AreEqual(600, selected.ValidationDays);
        var direct = new SeriesGan(stopped).Fit(series.Days(1, selected.TrainingDays));
        CollectionAssert.AreEqual(direct.Generate(400, seed: 1).Returns[0], selected.Generate(400, seed: 1).Returns[0]);

        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-seriesgan-{Guid.NewGuid():N}.json");
        try
        {
            selected.Save(path);
            var loaded = (SeriesGanModel)SeriesModels.Load(path);
            Assert.AreEqual(selected.TrainingStep, loaded.TrainingStep);
            Assert.AreEqual((2400, 600), (loaded.TrainingDays, loaded.ValidationDays));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void CheckpointScore_IsTheSumOfRelativeGaps_WithAFloorForFactsNearZero()
    {
        // kurtosis 20 against 25: 5 / 25; an autocorrelation 0.03 against 0.04: 0.01 / max(0.04, 0.05)
        FactRow[] rows = [new("r", "kurtosis", 25, 20), new("r", "acf r lag 1", 0.04, 0.03)];
        Assert.AreEqual(0.2 + 0.2, CheckpointSelection.Score(rows, assets: 1), 1e-12);
    }

    [TestMethod]
    public void CheckpointScore_WithSeveralAssets_AveragesTheAssetsFacts_AndAddsEveryCorrelation()
    {
        // two assets' facts (0.2 and 0.6) count as their mean, 0.4; the correlation 0.65 against 0.7 adds 0.05 / 0.7 in full
        FactRow[] rows =
        [
            new("a", "kurtosis", 10, 8), new("b", "kurtosis", 10, 4),
            new("a–b", SeriesEvaluation.CorrelationFact, 0.7, 0.65),
        ];
        Assert.AreEqual(0.4 + (0.05 / 0.7), CheckpointSelection.Score(rows, assets: 2), 1e-12);
    }

    [TestMethod]
    public void LambertW_RoundTrips_AndGaussianizesHeavyTails()
    {
        foreach (double y in new[] { -12.0, -1.5, 0, 0.3, 4, 25 })
        {
            Assert.AreEqual(y, LambertW.Forward(LambertW.Inverse(y, 0.4), 0.4), 1e-9 * Math.Max(1, Math.Abs(y)));
        }

        Assert.AreEqual(1, LambertW.W0(Math.E), 1e-14);
        var rng = RandomStream.Create(2);
        var heavy = Enumerable.Range(0, 50_000).Select(_ => LambertW.Forward(rng.NextNormal(), 0.2)).ToArray();
        double delta = LambertW.FitDelta(heavy);
        Assert.AreEqual(0.2, delta, 0.02, "the δ that made the tails");
    }

    [TestMethod]
    public void CheckpointSelection_WhenNoCheckpointCanBeScored_KeepsTheLastWeights_AndSaysSo()
    {
        var truth = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6));
        var series = new ReturnSeries(["a"], [truth.Simulate(2000, seed: 4)]);
        var options = Small(4);
        options.CheckpointPaths = 0;
        var model = new SeriesGan(options).Fit(series);
        Assert.IsFalse(model.NoCheckpointScored, "no selection was asked for");
        float[][] trained = [.. model.Parameters.Select(p => p.Value.ToArray())];

        // a constant series has a kurtosis of 0/0: every checkpoint scores NaN against it
        var constant = new ReturnSeries(["a"], [new double[2000]]);
        var selection = new CheckpointSelection(constant, 2000, SeriesCheckpointMetric.StylizedFacts, model, paths: 1, steps: 100, seed: 4);
        Assert.IsTrue(double.IsNaN(selection.Score(50)));
        Assert.IsTrue(double.IsNaN(selection.Score(100)));
        selection.Restore();
        Assert.IsFalse(selection.AnyScored);
        Assert.AreEqual(100, selection.BestStep, "the last step's generator is the one kept");
        for (int i = 0; i < trained.Length; i++)
        {
            CollectionAssert.AreEqual(trained[i], model.Parameters[i].Value.ToArray(), $"parameter {i} keeps its trained weights (not the zeros of an empty keep buffer)");
        }
    }
}
