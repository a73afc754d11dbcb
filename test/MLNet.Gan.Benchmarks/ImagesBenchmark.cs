using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Compute;
using MLNet.Gan.Images;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The class-conditional DCGAN graded as the field grades image generators (<see cref="ImageEvaluation"/>):
/// on the UCI 8×8 digits (fitted on a stratified 70 %, graded on the other 30 %) and on Fashion-MNIST
/// (fitted on its 60,000 training images, graded on its 10,000 test images); and its training step timed.
/// </summary>
internal static class ImagesBenchmark
{
    public static void Digits(int epochs, long seed, GanLoss loss)
    {
        var all = ImageCsv.Read(Path.Combine(DatasetSpecs.DataFolder, "handwritten_digits_8x8.csv.gz"), "digit");
        var (train, test) = Split(all, seed);
        var options = new DcganOptions { Epochs = epochs, Seed = seed, Loss = loss };
        var clock = Stopwatch.StartNew();
        options.Progress = MLNet.Gan.Logging.ContextLog.Relay<TrainingProgress>(p =>
        {
            if (p.Epoch % Math.Max(1, epochs / 5) == 0 || p.Epoch == epochs)
            {
                Console.WriteLine($"  epoch {p.Epoch}/{p.Epochs}: G {p.GeneratorLoss:F3}, D {p.CriticLoss:F3}, {p.RowsPerSecond:F0} images/s");
            }
        });
        var model = new Dcgan(options).Fit(train.Pixels, train.Labels, train.Shape, train.ClassNames, 16f);
        Console.WriteLine($"DCGAN ({loss}, {epochs} epochs, seed {seed}, {ComputeSettings.Threads} threads): trained on {train.Count} digits in {clock.Elapsed.TotalSeconds:F1} s");
        Report(ImageEvaluation.Run(model, train, test, classifierEpochs: 30, seed: seed, sample: test.Count), $"the {test.Count} held-out digits");
    }

    /// <summary>
    /// Training steps of the default DCGAN (widths 256, 128, 64; batch 64) on random one-channel
    /// <paramref name="side"/>×<paramref name="side"/> images in 10 classes: images per second, and the
    /// minutes one epoch of Fashion-MNIST's 60,000 training images would take at that pace.
    /// </summary>
    public static void Steps(int side, int steps, GanLoss loss)
    {
        var rng = RandomStream.Create(5);
        int n = 640;
        var pixels = new float[n * side * side];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (2 * rng.NextFloat()) - 1;
        }

        var labels = Enumerable.Range(0, n).Select(i => i % 10).ToArray();
        var training = new DcganTraining(new ImageSet(pixels, labels, new ImageShape(1, side, side), 10), new DcganOptions { Loss = loss });
        training.Step();
        training.Step();
        var clock = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
        {
            training.Step();
        }

        double perStep = clock.Elapsed.TotalSeconds / steps;

        // where the time goes: each layer's forward and backward on one batch, as the step runs them
        var x = new Matrix(training.BatchSize, training.Networks.Generator.InputWidth);
        for (int i = 0; i < x.Span.Length; i++)
        {
            x.Span[i] = rng.NextNormal();
        }

        foreach (var (name, network) in new[] { ("generator", training.Networks.Generator), ("discriminator", training.Networks.Discriminator) })
        {
            var h = name == "generator" ? x : new Matrix(training.BatchSize, network.InputWidth);
            foreach (var layer in network.Layers)
            {
                var input = h;
                layer.Forward(input, true);
                var timer = Stopwatch.StartNew();
                for (int r = 0; r < 5; r++)
                {
                    h = layer.Forward(input, true);
                }

                double forward = timer.Elapsed.TotalMilliseconds / 5;
                timer.Restart();
                for (int r = 0; r < 5; r++)
                {
                    layer.Backward(h);
                }

                Console.WriteLine($"  {name} {layer.GetType().Name} {layer.InputWidth}→{layer.OutputWidth}: forward {forward:F1} ms, backward {timer.Elapsed.TotalMilliseconds / 5:F1} ms");
            }
        }

        Console.WriteLine($"DCGAN step ({loss}), {side}×{side}, batch {training.BatchSize}, {ComputeSettings.Threads} threads, {ComputeSettings.Path}: {perStep * 1000:F1} ms " +
            $"({training.BatchSize / perStep:F0} images/s; a 60,000-image epoch in {60_000 / (training.BatchSize / perStep) / 60:F1} min)");
    }

    /// <summary>
    /// The default DCGAN on Fashion-MNIST's 60,000 training images for <paramref name="epochs"/> epochs; graded
    /// on its 10,000 test images by a classifier trained on the training images (SDCA maximum entropy on the
    /// 784 pixels): that classifier's accuracy on the real test images beside its accuracy on 1,000
    /// generated images of each conditioned class.
    /// </summary>
    public static void Fashion(int epochs, long seed, string? modelPath, GanLoss loss)
    {
        const string Folder = "/usr/share/datasets/fashion-mnist";
        var train = IdxImages.Read($"{Folder}/train-images-idx3-ubyte.gz", $"{Folder}/train-labels-idx1-ubyte.gz");
        var test = IdxImages.Read($"{Folder}/t10k-images-idx3-ubyte.gz", $"{Folder}/t10k-labels-idx1-ubyte.gz");
        DcganModel model;
        if (modelPath is not null && File.Exists(modelPath))
        {
            model = DcganModel.Load(modelPath);
            Console.WriteLine($"fashion-mnist: DCGAN loaded from {modelPath} ({model.Options.Epochs} epochs, seed {model.Options.Seed})");
        }
        else
        {
            var options = new DcganOptions { Epochs = epochs, Seed = seed, Loss = loss };
            var clock = Stopwatch.StartNew();
            options.Progress = MLNet.Gan.Logging.ContextLog.Relay<TrainingProgress>(p => Console.WriteLine($"  epoch {p.Epoch}/{p.Epochs}: G {p.GeneratorLoss:F3}, D {p.CriticLoss:F3}, {p.RowsPerSecond:F0} images/s, {p.Elapsed:mm\\:ss} elapsed"));
            model = new Dcgan(options).Fit(train.Pixels, train.Labels, train.Shape, train.ClassNames, 255f);
            Console.WriteLine($"DCGAN (defaults, {loss}, {epochs} epochs, seed {seed}, {ComputeSettings.Threads} threads, {ComputeSettings.Path}): trained on 60,000 images in {clock.Elapsed.TotalMinutes:F1} min");
            if (modelPath is not null)
            {
                model.Save(modelPath);
            }
        }

        Report(ImageEvaluation.Run(model, train, test, classifierEpochs: 5, seed: seed), "fashion-mnist test images (10,000)");
    }

    /// <summary>Prints an evaluation.</summary>
    internal static void Report(ImageEvaluationResult r, string heldOut)
    {
        Console.WriteLine($"graded against {heldOut} by a CNN trained on the real training images:");
        Console.WriteLine($"  accuracy: real held-out {r.RealAccuracy:F3}; generated (as conditioned) {r.GeneratedAccuracy:F3}; by class {string.Join(" ", r.GeneratedAccuracyByClass.Select(a => a.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"  Frechet distance in the CNN's 128 features: real training vs held-out {r.RealFrechet:F3}; generated vs held-out {r.GeneratedFrechet:F3}");
        Console.WriteLine($"  precision / recall (k = 3): real training {r.RealPrecision:F3} / {r.RealRecall:F3}; generated {r.GeneratedPrecision:F3} / {r.GeneratedRecall:F3}");
        Console.WriteLine($"  held-out accuracy of the CNN trained on synthetic images only {r.TrainOnSyntheticAccuracy:F3}, on real ones {r.TrainOnRealAccuracy:F3}");
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
}
