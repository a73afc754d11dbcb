using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Augmentation;
using MLNet.Gan.Images;
using MLNet.Gan.Pipeline;

namespace MLNet.Gan.Tests.Pipeline;

/// <summary>The DCGAN in ML.NET: a synthesizer over an image column, and an augmenter before an image classifier in one pipeline.</summary>
[TestClass]
public sealed class ImagePipelineTests
{
    private sealed class Digit
    {
        [VectorType(64)]
        public float[] Pixels { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private static readonly Lazy<LabelledImages> Digits = new(() => ImageCsv.Read(SharedData.File("handwritten_digits_8x8.csv.gz"), "digit"));

    private static DcganOptions Small(int epochs = 3) => new() { Channels = [32, 16, 8], BatchSize = 32, Epochs = epochs, Seed = 1 };

    /// <summary>The digits as a view; digit 3 keeps only its first <paramref name="threes"/> images.</summary>
    private static IDataView View(MLContext ml, int threes = int.MaxValue)
    {
        var d = Digits.Value;
        int seen = 0;
        var rows = Enumerable.Range(0, d.Count)
            .Where(i => d.ClassNames[d.Labels[i]] != "3" || seen++ < threes)
            .Select(i => new Digit { Pixels = d.Pixels.AsSpan(i * 64, 64).ToArray(), Label = d.ClassNames[d.Labels[i]] });
        return ml.Data.LoadFromEnumerable(rows.ToArray());
    }

    [TestMethod]
    public void Synthesizer_GeneratesImagesOfTheClassAsked_AndSavesAndLoads()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Source.StartsWith("MLNet.Gan.Synthesizers", StringComparison.Ordinal))
            {
                messages.Add(e.RawMessage);
            }
        };
        var estimator = ml.Synthesizers.Dcgan("Pixels", "Label", 8, 8, options: Small());
        var shape = estimator.GetOutputSchema((SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(DataViewSchema)])!.Invoke(null, [View(ml).Schema])!);
        Assert.AreEqual(2, shape.Count);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, shape.First(c => c.Name == "Pixels").Kind);
        var dcgan = estimator.Fit(View(ml));
        Assert.IsTrue(messages.Any(m => m.StartsWith("DCGAN: training on 1,797 images of 1×8×8 in 10 classes", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.StartsWith("DCGAN epoch 3/3:", StringComparison.Ordinal)), "the fit's epochs reach the context's log");
        var sevens = dcgan.Generate(12, "7", seed: 4);
        Assert.AreEqual(64, ((VectorDataViewType)sevens.Schema["Pixels"].Type).Size);
        var labels = sevens.GetColumn<string>("Label").ToArray();
        Assert.AreEqual(12, labels.Length);
        Assert.IsTrue(labels.All(l => l == "7"));
        var pixels = sevens.GetColumn<float[]>("Pixels").ToArray();
        Assert.IsTrue(pixels.SelectMany(p => p).All(v => v is >= 0 and <= 16), "pixels in the training range");

        var unknown = Assert.ThrowsExactly<ArgumentException>(() => dcgan.Generate(3, "eleven"));
        StringAssert.Contains(unknown.Message, "no class 'eleven'");

        var input = ml.Data.TakeRows(View(ml), 5);
        var transformed = dcgan.Transform(input);
        CollectionAssert.AreEqual(input.GetColumn<string>("Label").ToArray(), transformed.GetColumn<string>("Label").ToArray(), "one image per input row, of its class");

        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "digits.dcgan");
        try
        {
            dcgan.Save(path);
            var loaded = ml.Synthesizers.LoadDcgan(path);
            CollectionAssert.AreEqual(pixels.SelectMany(p => p).ToArray(), loaded.Generate(12, "7", seed: 4).GetColumn<float[]>("Pixels").SelectMany(p => p).ToArray());
            CollectionAssert.AreEqual(dcgan.Classes.ToArray(), loaded.Classes.ToArray());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [TestMethod]
    public void Augmentation_AddsImagesOfTheRareClass_BeforeTheClassifier_InOnePipeline()
    {
        var ml = new MLContext(seed: 1);
        var data = View(ml, threes: 10);
        var trainer = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(featureColumnName: "Pixels", maximumNumberOfIterations: 5)
            .WithFeatureSpaceAugmentation(ml.Augmentation.Dcgan("Label", "3", 8, 8, targetRatio: 0.05, options: Small()), "Pixels");
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(trainer);
        var model = pipeline.Fit(data);
        var run = model.GetAugmentation();
        Assert.IsNotNull(run);
        int others = Digits.Value.Labels.Count(l => Digits.Value.ClassNames[l] != "3");
        Assert.AreEqual((int)Math.Round(0.05 * others) - 10, run.RowsAdded, "positives ÷ the other rows = 0.05");
        Assert.AreEqual(64, run.SyntheticRows.Columns.Count - 1, "the image's 64 pixels beside the label");
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(data));
        Assert.IsTrue(metrics.MacroAccuracy > 0.5, $"the classifier fitted on the augmented rows scores ({metrics.MacroAccuracy:F3})");
    }

    [TestMethod]
    public void NotAnImageColumn_IsAClearError()
    {
        var ml = new MLContext(seed: 1);
        var wrongSize = Assert.ThrowsExactly<ArgumentException>(() => ml.Synthesizers.Dcgan("Pixels", "Label", 28, 28, options: Small()).Fit(View(ml)));
        StringAssert.Contains(wrongSize.Message, "Column 'Pixels' is not an image of 1×28×28: expected a vector of 784 numbers");
        var scalar = Assert.ThrowsExactly<ArgumentException>(() => ml.Synthesizers.Dcgan("Label", "Label", 8, 8, options: Small()).Fit(View(ml)));
        StringAssert.Contains(scalar.Message, "Column 'Label' is not an image");
        var odd = Assert.ThrowsExactly<ArgumentException>(() => ml.Synthesizers.Dcgan("Pixels", "Label", 6, 6, options: Small()).Fit(ml.Data.LoadFromEnumerable(new[] { new Digit { Pixels = new float[64], Label = "a" } })));
        StringAssert.Contains(odd.Message, "image");
        var oversampler = ml.Augmentation.Dcgan("Label", "3", 8, 8, options: Small());
        var allColumns = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(featureColumnName: "Pixels")
            .WithAugmentation(oversampler).Fit(ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.CopyColumns("Other", "Pixels")).Fit(View(ml)).Transform(View(ml))));
        StringAssert.Contains(allColumns.Message, "WithFeatureSpaceAugmentation");
    }
}
