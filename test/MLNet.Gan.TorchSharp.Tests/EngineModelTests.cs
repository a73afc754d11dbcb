using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.TorchSharp.Tests;

/// <summary>One model format for both engines, and one-line errors for what is missing.</summary>
[TestClass]
public sealed class EngineModelTests
{
    [TestMethod]
    public void CtGan_TrainedWithTorchSharp_SavesAndSamplesWithTheManagedEngine_AndTheReverse()
    {
        var table = EngineParityTests.Data(400);
        var options = new CtGanOptions { Epochs = 3, BatchSize = 100, EmbeddingDimension = 16, GeneratorDimensions = [32, 32], CriticDimensions = [32, 32], Seed = 7, Engine = ComputeEngine.TorchSharp };
        var trained = new CtGan(options).Fit(table);
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-torch-{Guid.NewGuid():N}.zip");
        try
        {
            trained.Save(path);
            var loaded = CtGanModel.Load(path);
            var managed = loaded.Sample(300, null, null, seed: 2, roundIntegers: false);
            CollectionAssert.AreEqual(Column(trained.Sample(300, null, null, seed: 2, roundIntegers: false), "x"), Column(managed, "x"), "the archive holds the TorchSharp-trained weights");

            // the reverse: a model (here the loaded one, sampled without libtorch above) sampled by libtorch with the same draws
            var torch = loaded.Sample(300, null, null, 2, false, ComputeEngine.TorchSharp);
            AssertClose(managed, torch);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Tvae_TrainedWithTorchSharp_SamplesWithTheManagedEngine_AndTheReverse()
    {
        var table = EngineParityTests.Data(400);
        var model = new Tvae(new TvaeOptions { Epochs = 3, BatchSize = 100, LatentDimension = 16, HiddenDimensions = [32, 32], Seed = 8, Engine = ComputeEngine.TorchSharp }).Fit(table);
        var managed = model.Sample(300, "c", "b", seed: 3, roundIntegers: false);
        var torch = model.Sample(300, "c", "b", 3, false, ComputeEngine.TorchSharp);
        Assert.IsTrue(Enumerable.Range(0, 300).All(r => managed["c"].Format(r) == "b"), "conditioned on c = b");
        AssertClose(managed, torch);

        var managedTrained = new Tvae(new TvaeOptions { Epochs = 3, BatchSize = 100, LatentDimension = 16, HiddenDimensions = [32, 32], Seed = 8 }).Fit(table);
        Assert.AreNotEqual(0, managedTrained.History[^1].GeneratorLoss);
        Assert.AreEqual(managedTrained.History[0].GeneratorLoss, model.History[0].GeneratorLoss, 1e-3 * Math.Abs(managedTrained.History[0].GeneratorLoss), "the first epoch's loss agrees across engines");
    }

    [TestMethod]
    public void Cuda_WhenNotAvailable_IsOneLineSayingWhatIsMissing_AndTheManagedEngineRefusesDevices()
    {
        var table = EngineParityTests.Data(100);
        var error = Assert.ThrowsExactly<EngineUnavailableException>(() => new CtGan(new CtGanOptions { Epochs = 1, BatchSize = 50, Engine = ComputeEngine.TorchSharp, Device = "cuda" }).Fit(table));
        StringAssert.Contains(error.Message, "CUDA is not available");
        StringAssert.Contains(error.Message, "TorchSharp-cuda-linux");
        Assert.DoesNotContain("\n", error.Message);

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CtGan(new CtGanOptions { Device = "cuda" }).Fit(table)).Message, "managed engine runs on the CPU");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Tvae(new TvaeOptions { Engine = ComputeEngine.TorchSharp, Device = "gpu" }).Fit(table)).Message, "Unknown device 'gpu'");

        var status = TorchSharpStatus.Probe();
        Assert.IsTrue(status.Loads, status.Detail);
        StringAssert.StartsWith(status.Detail, "libtorch 2.10");
    }

    private static double[] Column(Table t, string name) => ((NumericColumn)t[name]).Values;

    /// <summary>Same draws, float rounding apart: numbers within 1e-3 of their range, categories equal in at least 98 % of rows.</summary>
    private static void AssertClose(Table expected, Table actual)
    {
        foreach (var column in expected.Columns)
        {
            if (column is NumericColumn numbers)
            {
                var other = Column(actual, column.Name);
                double range = Math.Max(1e-9, numbers.Max - numbers.Min);
                int far = Enumerable.Range(0, numbers.Length).Count(r => !(double.IsNaN(numbers.Values[r]) && double.IsNaN(other[r])) && !(Math.Abs(numbers.Values[r] - other[r]) <= 1e-3 * range));
                Assert.IsLessThanOrEqualTo(0.02 * numbers.Length, far, $"{column.Name}: {far} rows differ");
            }
            else
            {
                int same = Enumerable.Range(0, column.Length).Count(r => column.Format(r) == actual[column.Name].Format(r));
                Assert.IsGreaterThanOrEqualTo(0.98 * column.Length, same, $"{column.Name}: {same} of {column.Length} rows agree");
            }
        }
    }
}
