using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Compute;
using MLNet.Gan.Images;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The class-conditional DCGAN on the UCI 8×8 digits: fitted on a stratified 70 % of the images, graded on
/// the other 30 % that neither the DCGAN nor the classifier saw. The grader is a classifier trained on
/// the real training images (ML.NET's SDCA maximum entropy on the 64 pixels); its accuracy on the real
/// held-out images is the ceiling beside the accuracy on generated images of each conditioned class.
/// </summary>
internal static class ImagesBenchmark
{
    private sealed class Digit
    {
        [VectorType(64)]
        public float[] Pixels { get; set; } = [];

        public uint Label { get; set; }
    }

    public static void Digits(int epochs, long seed, GanLoss loss)
    {
        var all = ImageCsv.Read(Path.Combine(DatasetSpecs.DataFolder, "handwritten_digits_8x8.csv.gz"), "digit");
        var (train, test) = Split(all, seed);
        var ml = new MLContext(seed: 0);
        IDataView View(float[] pixels, int[] labels) => ml.Data.LoadFromEnumerable(labels.Select((l, i) => new Digit { Pixels = pixels.AsSpan(i * 64, 64).ToArray(), Label = (uint)l + 1 }));
        var classifier = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMinMax("Features", "Pixels"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(View(train.Pixels, train.Labels));
        double Accuracy(float[] pixels, int[] labels) => ml.MulticlassClassification.Evaluate(classifier.Transform(View(pixels, labels))).MacroAccuracy;

        Console.WriteLine($"digits: {train.Count} training, {test.Count} held-out images; classifier accuracy on the held-out real images {Accuracy(test.Pixels, test.Labels):F3}");
        var options = new DcganOptions { Epochs = epochs, Seed = seed, Loss = loss, BatchSize = 64 };
        var clock = Stopwatch.StartNew();
        options.Progress = new Progress(p =>
        {
            if (p.Epoch % Math.Max(1, epochs / 10) == 0 || p.Epoch == epochs)
            {
                Console.WriteLine($"  epoch {p.Epoch}/{p.Epochs}: G {p.GeneratorLoss:F3}, D {p.CriticLoss:F3}, {p.RowsPerSecond:F0} images/s");
            }
        });
        var model = new Dcgan(options).Fit(train.Pixels, train.Labels, train.Shape, all.ClassNames.Length, 16f);
        double seconds = clock.Elapsed.TotalSeconds;
        const int PerClass = 100;
        var pixels = new List<float>();
        var labels = new List<int>();
        for (int c = 0; c < model.Classes; c++)
        {
            pixels.AddRange(model.Generate(PerClass, c, seed + 100));
            labels.AddRange(Enumerable.Repeat(c, PerClass));
        }

        Console.WriteLine($"DCGAN ({loss}, {epochs} epochs, seed {seed}, {ComputeSettings.Threads} threads): trained in {seconds:F1} s; " +
            $"generated images classified as their conditioned class: {Accuracy([.. pixels], [.. labels]):F3}");
    }

    /// <summary>A stratified 70/30 split, seeded.</summary>
    internal static (LabelledImages Train, LabelledImages Test) Split(LabelledImages all, long seed)
    {
        var rng = RandomStream.Create(seed, 9);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, all.Count).GroupBy(i => all.Labels[i]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            rng.Shuffle(rows.AsSpan());
            int cut = (int)Math.Round(rows.Length * 0.7);
            train.AddRange(rows[..cut]);
            test.AddRange(rows[cut..]);
        }

        return (all.Subset(train), all.Subset(test));
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
