using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Anomaly;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Tests.Anomaly;

/// <summary>The TVAE anomaly detector as an ML.NET anomaly-detection trainer.</summary>
[TestClass]
public sealed class TvaeAnomalyDetectorTests
{
    /// <summary>
    /// Transfers: for a normal one, the amount leaves the account (balance after = before − amount) and the
    /// type is mostly "payment"; an anomaly drains the account by a transfer of everything, a relation
    /// between columns that no column shows alone (PaySim's fraud pattern).
    /// </summary>
    private static Transfer[] Rows(int normal, int anomalies, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<Transfer>();
        for (int i = 0; i < normal + anomalies; i++)
        {
            bool anomaly = i >= normal;
            float before = (float)Math.Exp(rng.NextDouble() * 4 + 5);
            float amount = anomaly ? before : before * (float)(0.05 + (0.3 * rng.NextDouble()));
            rows.Add(new Transfer
            {
                Kind = anomaly ? "transfer" : rng.NextDouble() < 0.8 ? "payment" : "transfer",
                Amount = amount,
                Before = before,
                After = before - amount,
                Label = anomaly ? 1 : 0,
            });
        }

        return [.. rows];
    }

    private static TvaeAnomalyOptions Options(double contamination = 0.05) => new()
    {
        Tvae = new TvaeOptions { Epochs = 300, BatchSize = 100, Seed = 1 },
        Contamination = contamination,
        IgnoreColumnNames = ["Label"],
    };

    [TestMethod]
    public void FittedOnNormalRows_RanksDrainedAccountsFirst_AndMLNetEvaluatesItsOutput()
    {
        var ml = new MLContext(1);
        var detector = ml.AnomalyDetection.Trainers.Tvae(Options()).Fit(ml.Data.LoadFromEnumerable(Rows(600, 0, 1)));
        var scored = detector.Transform(ml.Data.LoadFromEnumerable(Rows(300, 30, 2)));
        var metrics = ml.AnomalyDetection.Evaluate(scored, falsePositiveCount: 10);
        Assert.IsGreaterThan(0.95, metrics.AreaUnderRocCurve, $"ROC-AUC {metrics.AreaUnderRocCurve}");

        var flagged = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var truth = scored.GetColumn<float>("Label").Select(l => l > 0).ToArray();
        Assert.IsGreaterThan(20, flagged.Zip(truth).Count(p => p.First && p.Second), "most drained accounts are flagged");
    }

    [TestMethod]
    public void ScoringARow_DependsOnThatRowOnly_AndAnUnseenCategoryIsScored()
    {
        var ml = new MLContext(1);
        var detector = ml.AnomalyDetection.Trainers.Tvae(Options()).Fit(ml.Data.LoadFromEnumerable(Rows(300, 0, 1)));
        var rows = Rows(50, 5, 3);
        rows[7].Kind = "cash-out"; // never seen in training
        float[] together = [.. detector.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score")];
        for (int i = 0; i < rows.Length; i += 6)
        {
            float alone = detector.Transform(ml.Data.LoadFromEnumerable(new[] { rows[i] })).GetColumn<float>("Score").Single();
            Assert.AreEqual(together[i], alone, $"row {i}");
        }

        Assert.IsTrue(float.IsFinite(together[7]), "the unseen category gets a score");
    }

    [TestMethod]
    public void SavedAndLoaded_ScoresIdentically()
    {
        var ml = new MLContext(1);
        var detector = ml.AnomalyDetection.Trainers.Tvae(Options()).Fit(ml.Data.LoadFromEnumerable(Rows(300, 0, 1)));
        var test = ml.Data.LoadFromEnumerable(Rows(100, 10, 4));
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-detector-{Guid.NewGuid():N}.zip");
        try
        {
            detector.Save(path);
            var loaded = ml.AnomalyDetection.LoadTvae(path);
            CollectionAssert.AreEqual(detector.Transform(test).GetColumn<float>("Score").ToArray(), loaded.Transform(test).GetColumn<float>("Score").ToArray());
            Assert.AreEqual(detector.Threshold, loaded.Threshold);
            Assert.ThrowsExactly<InvalidDataException>(() => ml.AnomalyDetection.LoadTvae(SaveSynthesizer(ml)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void BadInput_IsAClearError()
    {
        var ml = new MLContext(1);
        foreach (double contamination in new[] { 0.0, 0.6, double.NaN })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => ml.AnomalyDetection.Trainers.Tvae(contamination));
            StringAssert.Contains(e.Message, "Contamination");
        }

        var empty = Assert.ThrowsExactly<ArgumentException>(() => ml.AnomalyDetection.Trainers.Tvae(Options()).Fit(ml.Data.LoadFromEnumerable(Array.Empty<Transfer>())));
        StringAssert.Contains(empty.Message, "at least 2 training rows");

        var detector = ml.AnomalyDetection.Trainers.Tvae(Options()).Fit(ml.Data.LoadFromEnumerable(Rows(100, 0, 1)));
        var missing = ml.Transforms.DropColumns("After").Fit(ml.Data.LoadFromEnumerable(Rows(10, 0, 2)));
        var error = Assert.ThrowsExactly<ArgumentException>(() => detector.Transform(missing.Transform(ml.Data.LoadFromEnumerable(Rows(10, 0, 2)))));
        StringAssert.Contains(error.Message, "After");
    }

    [TestMethod]
    public void CancelledFromAnotherThread_StopsWithinAnEpoch()
    {
        var ml = new MLContext(1);
        using var cts = new CancellationTokenSource();
        int epochs = 0;
        var options = Options();
        options.Tvae = new TvaeOptions
        {
            Epochs = 10_000,
            BatchSize = 100,
            Progress = new InlineProgress<TrainingProgress>(p =>
            {
                epochs = p.Epoch;
                if (p.Epoch == 2)
                {
                    Task.Run(cts.Cancel).Wait();
                }
            }),
        };
        var estimator = ml.AnomalyDetection.Trainers.Tvae(options);
        Assert.ThrowsExactly<OperationCanceledException>(() => estimator.Fit(ml.Data.LoadFromEnumerable(Rows(300, 0, 1)), cts.Token));
        Assert.IsLessThanOrEqualTo(3, epochs);
    }

    private static string SaveSynthesizer(MLContext ml)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-tvae-{Guid.NewGuid():N}.zip");
        ml.Synthesizers.Tvae(new TvaeOptions { Epochs = 1, BatchSize = 20 }).Fit(ml.Data.LoadFromEnumerable(Rows(40, 0, 1))).Save(path);
        return path;
    }

    private sealed class Transfer
    {
        public string Kind { get; set; } = "";

        public float Amount { get; set; }

        public float Before { get; set; }

        public float After { get; set; }

        /// <summary>1 for an anomaly: ML.NET's anomaly evaluator reads a Single label.</summary>
        public float Label { get; set; }
    }
}
