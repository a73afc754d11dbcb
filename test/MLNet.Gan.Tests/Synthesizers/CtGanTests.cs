using MLNet.Gan.Compute;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Synthesizers;

[TestClass]
public sealed class CtGanTests
{
    private static readonly Lazy<Table> Taiwan = new(() =>
    {
        var full = CsvTable.Read(SharedData.File("taiwan_default.csv.gz"), new CsvReadOptions
        {
            Label = "default payment next month",
            Drop = ["ID"],
            Discrete = SharedData.TaiwanDiscrete,
        });
        return full.StratifiedSplit(0.1, seed: 0).Test; // 3,000 rows: fast, all column kinds
    });

    private static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}{extension}");

    private static CtGanOptions Small(int epochs = 2) => new() { Epochs = epochs, Seed = 5 };

    [TestMethod]
    public void SameSeed_OneOrTwoThreads_GiveByteIdenticalArchiveAndCsv()
    {
        (byte[] Model, byte[] Csv) Run(int threads)
        {
            int previous = ComputeSettings.Threads;
            ComputeSettings.Threads = threads;
            string model = TempFile(".zip"), csv = TempFile(".csv");
            try
            {
                var fitted = new CtGan(Small()).Fit(Taiwan.Value);
                fitted.Save(model);
                CsvTable.Write(CtGanModel.Load(model).Sample(1_000, seed: 9), csv);
                return (File.ReadAllBytes(model), File.ReadAllBytes(csv));
            }
            finally
            {
                ComputeSettings.Threads = previous;
                File.Delete(model);
                File.Delete(csv);
            }
        }

        var one = Run(1);
        var two = Run(2);
        CollectionAssert.AreEqual(one.Model, two.Model, "model archives differ");
        CollectionAssert.AreEqual(one.Csv, two.Csv, "sampled CSVs differ");
    }

    [TestMethod]
    public void SaveAndLoad_SampleTheSameRows_WithTheTrainingSchema()
    {
        string path = TempFile(".zip");
        try
        {
            var model = new CtGan(Small()).Fit(Taiwan.Value);
            model.Save(path);
            var loaded = CtGanModel.Load(path);
            var a = model.Sample(300, seed: 4);
            var b = loaded.Sample(300, seed: 4);
            Assert.AreEqual(300, b.RowCount);
            CollectionAssert.AreEqual(Taiwan.Value.Columns.Select(c => c.Name).ToArray(), b.Columns.Select(c => c.Name).ToArray());
            Assert.AreEqual(Taiwan.Value.Label, b.Label);
            for (int c = 0; c < a.Columns.Count; c++)
            {
                for (int r = 0; r < a.RowCount; r++)
                {
                    Assert.AreEqual(a.Columns[c].Format(r), b.Columns[c].Format(r));
                }
            }

            Assert.AreEqual(2, loaded.History.Count);
            Assert.AreEqual(model.History[1], loaded.History[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Sample_WithConditionOnAnyDiscreteColumn_AllRowsHaveThatValue()
    {
        var model = new CtGan(Small(epochs: 3)).Fit(Taiwan.Value);
        foreach (var (column, value) in new[] { ("MARRIAGE", "2"), ("PAY_3", "0"), ("default payment next month", "1") })
        {
            var sample = model.Sample(200, column, value, seed: 1);
            Assert.AreEqual(200, sample.RowCount);
            var c = (CategoricalColumn)sample[column];
            Assert.IsTrue(Enumerable.Range(0, 200).All(r => c.Format(r) == value), $"{column} = {value}");
        }
    }

    [TestMethod]
    public void Sample_UnknownConditionColumnOrValue_IsAClearError()
    {
        var model = new CtGan(Small(epochs: 1)).Fit(Taiwan.Value);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => model.Sample(10, "LIMIT_BAL", "1")).Message, "not a discrete column");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => model.Sample(10, "SEX", "7")).Message, "no category '7'");
    }

    [TestMethod]
    public void Sampling_UsesBatchNormInInferenceMode_SoOneRowEqualsItsBatch()
    {
        var model = new CtGan(Small(epochs: 1)).Fit(Taiwan.Value);
        var big = model.Sample(500, seed: 2);
        var again = model.Sample(500, seed: 2);
        for (int r = 0; r < 500; r++)
        {
            Assert.AreEqual(big.Columns[0].Format(r), again.Columns[0].Format(r));
        }

        // With batch statistics a row would depend on the others; in inference mode it does not.
        Assert.IsTrue(big.Columns.OfType<NumericColumn>().All(c => c.Values.All(double.IsFinite)));
    }

    [TestMethod]
    public void ProgressIsReportedEveryEpoch_AndHistoryKept()
    {
        var reports = new List<TrainingProgress>();
        var options = Small(epochs: 3);
        options.Progress = new InlineProgress<TrainingProgress>(reports.Add);
        var model = new CtGan(options).Fit(Taiwan.Value);
        Assert.AreEqual(3, reports.Count);
        Assert.AreEqual(3, reports[^1].Epoch);
        Assert.IsTrue(reports.All(r => r.RowsPerSecond > 0 && double.IsFinite(r.GeneratorLoss)));
        Assert.AreEqual(3, model.History.Count);
    }

    [TestMethod]
    public void ResumeFromCheckpoint_EndsWithTheSameModelAsAnUninterruptedRun()
    {
        string checkpoint = TempFile(".zip"), resumed = TempFile(".zip"), straight = TempFile(".zip");
        try
        {
            var options = Small(epochs: 4);
            options.CheckpointEvery = 2;
            options.CheckpointPath = checkpoint;
            new CtGan(options).Fit(Taiwan.Value).Save(straight);
            Assert.IsTrue(File.Exists(checkpoint));
            new CtGan(Small(epochs: 4)).Fit(Taiwan.Value, resumeFrom: checkpoint).Save(resumed);
            CollectionAssert.AreEqual(File.ReadAllBytes(straight), File.ReadAllBytes(resumed));
        }
        finally
        {
            File.Delete(checkpoint);
            File.Delete(resumed);
            File.Delete(straight);
        }
    }

    [TestMethod]
    public void AlreadyCancelledToken_StopsBeforeTheFirstStep()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => new CtGan(Small()).Fit(Taiwan.Value, cts.Token));
    }

    [TestMethod]
    public void BatchNotAMultipleOfPac_IsAClearError()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CtGan(new CtGanOptions { BatchSize = 505 }).Fit(Taiwan.Value));
        StringAssert.Contains(e.Message, "multiple of pac (10)");
    }

    [TestMethod]
    public void Divergence_StopsWithAnErrorNamingTheEpoch()
    {
        var options = Small(epochs: 3);
        options.GeneratorLearningRate = 1e30f;
        options.CriticLearningRate = 1e30f;
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => new CtGan(options).Fit(Taiwan.Value));
        StringAssert.Contains(e.Message, "epoch 1");
    }

    [TestMethod]
    public void Load_CorruptArchive_GivesClearError()
    {
        string path = TempFile(".zip");
        try
        {
            File.WriteAllText(path, "not a zip");
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => CtGanModel.Load(path)).Message, "not an MLNet.Gan model archive");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
