using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The README's model deployed through ONNX: FeaturizeForTrees + FastTree fitted with CTGAN augmentation
/// on give_me_some_credit's training rows (seed 0, test fraction 0.3), exported with
/// <c>mlContext.Model.ConvertToOnnx</c>, and the 45,000 test rows scored by ONNX Runtime through
/// ML.NET's <c>ApplyOnnxModel</c> and directly (one [rows, 1] tensor per input column, as a service
/// without .NET would feed it): the largest probability difference to ML.NET's, and the scoring times.
/// </summary>
internal static class OnnxExportBenchmark
{
    public static void Run()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromCsv(Path.Combine(DatasetSpecs.DataFolder, "give_me_some_credit.csv.gz"));
        var split = ml.Data.StratifiedTrainTestSplit(data, "SeriousDlqin2yrs", testFraction: 0.3);
        var pipeline = ml.Transforms.FeaturizeForTrees(data.Schema, "SeriousDlqin2yrs", positiveClass: "1")
            .Append(ml.BinaryClassification.Trainers.FastTree())
            .WithAugmentation(ml.Augmentation.CtGan("SeriousDlqin2yrs", "1", targetRatio: 0.25));
        var clock = Stopwatch.StartNew();
        var model = pipeline.Fit(split.TrainSet);
        Console.WriteLine($"fitted in {clock.Elapsed.TotalSeconds:F0} s");

        string path = Path.Combine(Path.GetTempPath(), "mlnet-gan-readme-model.onnx");
        using (var stream = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, split.TrainSet, stream);
        }

        Console.WriteLine($"ONNX model: {new FileInfo(path).Length / 1024.0:N0} KiB");
        clock.Restart();
        float[] expected = [.. model.Transform(split.TestSet).GetColumn<float>("Probability")];
        Console.WriteLine($"ML.NET scored {expected.Length:N0} test rows in {clock.Elapsed.TotalSeconds:F2} s");

        clock.Restart();
        var scored = ml.Transforms.ApplyOnnxModel(path).Fit(split.TestSet).Transform(split.TestSet);
        string name = scored.Schema.Select(c => c.Name).Single(n => n.StartsWith("Probability", StringComparison.Ordinal));
        float[] viaTransformer = [.. scored.GetColumn<float[]>(name).Select(v => v[0])];
        Console.WriteLine($"ApplyOnnxModel: {clock.Elapsed.TotalSeconds:F2} s, largest probability difference {Worst(expected, viaTransformer):E2}");

        clock.Restart();
        using var runtime = new InferenceSession(path);
        int n = expected.Length;
        var inputs = runtime.InputMetadata.Select(input => input.Value.ElementType == typeof(string)
            ? NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<string>(split.TestSet.GetColumn<ReadOnlyMemory<char>>(input.Key).Select(v => v.ToString()).ToArray(), [n, 1]))
            : NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<float>(split.TestSet.GetColumn<float>(input.Key).ToArray(), [n, 1]))).ToList();
        string output = runtime.OutputMetadata.Keys.Single(k => k.StartsWith("Probability", StringComparison.Ordinal));
        using var results = runtime.Run(inputs, [output]);
        float[] direct = [.. results.First().AsEnumerable<float>()];
        Console.WriteLine($"ONNX Runtime directly ({runtime.InputMetadata.Count} input tensors of [{n:N0}, 1]): {clock.Elapsed.TotalSeconds:F2} s, largest probability difference {Worst(expected, direct):E2}");
        File.Delete(path);
    }

    private static double Worst(float[] a, float[] b)
        => a.Length != b.Length ? throw new InvalidOperationException($"{a.Length} against {b.Length} scores") : a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
}
