using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;

namespace MLNet.Gan.Tests.Pipeline;

/// <summary>
/// An augmented model deploys through ONNX: the fitted pipeline holds stock transforms and FastTree
/// only, so <c>mlContext.Model.ConvertToOnnx</c> exports it, and ONNX Runtime (through ML.NET's
/// <c>ApplyOnnxModel</c> and directly) scores the test rows as ML.NET does.
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    /// <summary>
    /// The largest difference of probability allowed. Measured on give_me_some_credit's 45,000 test rows
    /// (docs/mlnet.md, "Deploying with ONNX"; FastTree's 100 trees): 2.1e-7 through ApplyOnnxModel, 2.4e-7
    /// through ONNX Runtime directly, and 1.5e-7 on this test's 300 German-credit rows; float rounding of
    /// the tree sums and the calibrator is all that differs.
    /// </summary>
    private const double Bound = 1e-6;

    [TestMethod]
    public void AugmentedFastTreeModel_ExportedToOnnx_ScoresEveryTestRowAsMLNetDoes()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromCsv(SharedData.File("german_credit.csv.gz"));
        var split = ml.Data.StratifiedTrainTestSplit(data, "class", testFraction: 0.3);
        var pipeline = ml.Transforms.FeaturizeForTrees(data.Schema, "class", positiveClass: "2")
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 50))
            .WithAugmentation(ml.Augmentation.Smote("class", "2", targetRatio: 0.6));
        var model = pipeline.Fit(split.TrainSet);

        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var stream = File.Create(path))
            {
                ml.Model.ConvertToOnnx(model, split.TrainSet, stream);
            }

            float[] expected = [.. model.Transform(split.TestSet).GetColumn<float>("Probability")];
            Assert.HasCount(300, expected);

            // through ML.NET's ONNX transformer
            var scored = ml.Transforms.ApplyOnnxModel(path).Fit(split.TestSet).Transform(split.TestSet);
            var outputName = scored.Schema.Select(c => c.Name).Single(n => n.StartsWith("Probability", StringComparison.Ordinal));
            float[] viaTransformer = [.. scored.GetColumn<float[]>(outputName).Select(v => v[0])];
            double worst = expected.Zip(viaTransformer).Max(p => Math.Abs(p.First - p.Second));
            Assert.IsLessThan(Bound, worst, $"ApplyOnnxModel: largest probability difference {worst:E2}");

            // directly through ONNX Runtime, as a service without .NET would: one tensor per input column
            using var runtime = new InferenceSession(path);
            float[] direct = Score(runtime, split.TestSet);
            worst = expected.Zip(direct).Max(p => Math.Abs(p.First - p.Second));
            Assert.IsLessThan(Bound, worst, $"ONNX Runtime: largest probability difference {worst:E2}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Every row of <paramref name="rows"/> through ONNX Runtime: each model input fed from the column of that name (text or Single, shape [1, 1]).</summary>
    internal static float[] Score(InferenceSession runtime, IDataView rows)
    {
        var columns = runtime.InputMetadata.ToDictionary(
            input => input.Key,
            input => input.Value.ElementType == typeof(string)
                ? (Array)rows.GetColumn<ReadOnlyMemory<char>>(input.Key).Select(v => v.ToString()).ToArray()
                : rows.GetColumn<float>(input.Key).ToArray());
        string output = runtime.OutputMetadata.Keys.Single(k => k.StartsWith("Probability", StringComparison.Ordinal));
        int n = columns.Values.First().Length;
        var scores = new float[n];
        for (int i = 0; i < n; i++)
        {
            var inputs = columns.Select(c => c.Value is string[] text
                ? NamedOnnxValue.CreateFromTensor(c.Key, new DenseTensor<string>(new[] { text[i] }, [1, 1]))
                : NamedOnnxValue.CreateFromTensor(c.Key, new DenseTensor<float>(new[] { ((float[])c.Value)[i] }, [1, 1]))).ToList();
            using var results = runtime.Run(inputs, [output]);
            scores[i] = results.First().AsEnumerable<float>().First();
        }

        return scores;
    }
}
