using MLNet.Gan.Compute;
using MLNet.Gan.Images;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Tests.Images;

/// <summary>The class-conditional DCGAN on the UCI 8×8 digits: reproducible, allocation-free steps, and images of the class asked for.</summary>
[TestClass]
public sealed class DcganTests
{
    private static readonly Lazy<LabelledImages> Digits = new(() => ImageCsv.Read(SharedData.File("handwritten_digits_8x8.csv.gz"), "digit"));

    private static DcganOptions Small(GanLoss loss = GanLoss.LeastSquares) => new() { Loss = loss, Channels = [32, 16, 8], BatchSize = 32, Seed = 3 };

    [TestMethod]
    public void DigitsCsv_ReadsAs1797Images_Of8x8_InTenClasses()
    {
        var digits = Digits.Value;
        Assert.AreEqual(1797, digits.Count);
        Assert.AreEqual(new ImageShape(1, 8, 8), digits.Shape);
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), digits.ClassNames);
        Assert.AreEqual(16f, digits.Pixels.Max());
    }

    [TestMethod]
    [DataRow(GanLoss.LeastSquares)]
    [DataRow(GanLoss.Standard)]
    [DataRow(GanLoss.WassersteinGradientPenalty)]
    public void TrainingStep_OnTwoThreads_GivesTheBitsOfOne_AndAllocatesNothingOnceSized(GanLoss loss)
    {
        var digits = Digits.Value;
        var scaled = digits.Pixels.Select(v => (v / 8f) - 1f).ToArray();
        (float[] Weights, long Allocated) Run(int threads)
        {
            int previous = ComputeSettings.Threads;
            ComputeSettings.Threads = threads;
            try
            {
                var options = Small(loss);
                options.Channels = [64, 64, 32]; // large enough for the passes to be split between the threads
                var training = new DcganTraining(new ImageSet(scaled, digits.Labels, digits.Shape, 10), options);
                training.Step();
                long allocated = long.MaxValue;
                for (int i = 0; i < 6; i++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    training.Step();
                    allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                var weights = training.Networks.Generator.Parameters.Concat(training.Networks.Discriminator.Parameters).SelectMany(p => p.Value).ToArray();
                return (weights, allocated);
            }
            finally
            {
                ComputeSettings.Threads = previous;
            }
        }

        var one = Run(1);
        var two = Run(2);
        CollectionAssert.AreEqual(one.Weights, two.Weights, "every weight after 7 steps");
        Assert.AreEqual(0L, one.Allocated, "bytes allocated by a step (the fewest of 6)");
        Assert.AreEqual(0L, two.Allocated, "bytes allocated by a step on two threads (the fewest of 6)");
    }

    [TestMethod]
    [DataRow(GanLoss.LeastSquares)]
    [DataRow(GanLoss.WassersteinGradientPenalty)]
    public void Generated_AreOfTheClassAsked_ByNearestClassMean(GanLoss loss)
    {
        // A small DCGAN, 40 epochs on every digit; each generated image's nearest class mean (of the real
        // images) is its conditioned class far more often than chance (50 of 500). Each SIMD width rounds
        // differently and trains to another model (the 128-bit path gave 346 of 500 on 2026-12-07), so the bar
        // is five times chance; a generator that ignores the class gives 50.
        var digits = Digits.Value;
        var options = Small(loss);
        options.Epochs = 40;
        var model = new Dcgan(options).Fit(digits.Pixels, digits.Labels, digits.Shape, 10, 16f);
        var means = new double[10, 64];
        var counts = new int[10];
        for (int i = 0; i < digits.Count; i++)
        {
            counts[digits.Labels[i]]++;
            for (int p = 0; p < 64; p++)
            {
                means[digits.Labels[i], p] += digits.Pixels[(i * 64) + p];
            }
        }

        int right = 0;
        for (int c = 0; c < 10; c++)
        {
            var images = model.Generate(50, c, seed: 7);
            Assert.IsTrue(images.All(v => v is >= 0 and <= 16), "pixels in the data's range");
            for (int i = 0; i < 50; i++)
            {
                int nearest = Enumerable.Range(0, 10).MinBy(k => Enumerable.Range(0, 64).Sum(p => Math.Pow(images[(i * 64) + p] - (means[k, p] / counts[k]), 2)));
                right += nearest == c ? 1 : 0;
            }
        }

        Assert.IsTrue(right >= 250, $"{right} of 500 generated images nearest their conditioned class's mean");
        CollectionAssert.AreEqual(model.Generate(5, 3, seed: 1), model.Generate(5, 3, seed: 1), "the same seed gives the same images");
    }

    [TestMethod]
    public void SavedAndLoaded_GeneratesTheSameImages_AndAnotherKindOfModelIsRefusedByName()
    {
        var digits = Digits.Value;
        var options = Small();
        options.Epochs = 2;
        var model = new Dcgan(options).Fit(digits.Pixels, digits.Labels, digits.Shape, digits.ClassNames, 16f);
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            string path = Path.Combine(folder, "digits.dcgan");
            model.Save(path);
            var loaded = DcganModel.Load(path);
            CollectionAssert.AreEqual(model.Generate(20, 7, seed: 2), loaded.Generate(20, 7, seed: 2), "the same bits after loading");
            CollectionAssert.AreEqual(digits.ClassNames, loaded.ClassNames.ToArray());
            Assert.AreEqual(digits.Shape, loaded.Shape);
            string again = Path.Combine(folder, "again.dcgan");
            loaded.Save(again);
            CollectionAssert.AreEqual(File.ReadAllBytes(path), File.ReadAllBytes(again), "the archive is byte-identical when saved again");

            var table = Assert.ThrowsExactly<InvalidDataException>(() => SynthesizerModel.Load(path));
            StringAssert.Contains(table.Message, "holds an image model (a DCGAN), not a table synthesizer");
            string tvae = Path.Combine(folder, "table.tvae");
            var rows = new Gan.Tabular.Table([new Gan.Tabular.NumericColumn("x", [.. Enumerable.Range(0, 40).Select(i => (double)i)])]);
            new Tvae(new TvaeOptions { Epochs = 1, BatchSize = 20 }).Fit(rows).Save(tvae);
            var image = Assert.ThrowsExactly<InvalidDataException>(() => DcganModel.Load(tvae));
            StringAssert.Contains(image.Message, "holds a TVAE table synthesizer, not an image model (DCGAN)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow(GanLoss.LeastSquares)]
    [DataRow(GanLoss.WassersteinGradientPenalty)]
    public void Resumed_FromACheckpoint_EndsWithTheModelOfTheRunNeverStopped(GanLoss loss)
    {
        // a 4-epoch run stopped in epoch 3, after writing a checkpoint at the end of epoch 2, and resumed from it
        // ends with the archive of the run never stopped, byte for byte; a finished model or other options are refused
        var digits = Digits.Value;
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            string checkpoint = Path.Combine(folder, "run.checkpoint"), whole = Path.Combine(folder, "whole.dcgan"), resumed = Path.Combine(folder, "resumed.dcgan");
            var options = Small(loss);
            options.Epochs = 4;
            new Dcgan(options).Fit(digits.Pixels, digits.Labels, digits.Shape, digits.ClassNames, 16f).Save(whole);

            using var stop = new CancellationTokenSource();
            var stopping = Small(loss);
            (stopping.Epochs, stopping.CheckpointEvery, stopping.CheckpointPath) = (4, 2, checkpoint);
            stopping.Progress = new InlineProgress<TrainingProgress>(p => { if (p.Epoch == 2) stop.Cancel(); });
            Assert.ThrowsExactly<OperationCanceledException>(() => new Dcgan(stopping).Fit(digits.Pixels, digits.Labels, digits.Shape, digits.ClassNames, 16f, stop.Token));
            Assert.AreEqual(10, DcganModel.Load(checkpoint).Classes, "the checkpoint also loads as the model of its epoch");

            new Dcgan(options).Fit(digits.Pixels, digits.Labels, digits.Shape, digits.ClassNames, 16f, resumeFrom: checkpoint).Save(resumed);
            CollectionAssert.AreEqual(File.ReadAllBytes(whole), File.ReadAllBytes(resumed), "resumed = never stopped");

            var finished = Assert.ThrowsExactly<InvalidDataException>(() => new Dcgan(options).Fit(digits.Pixels, digits.Labels, digits.Shape, digits.ClassNames, 16f, resumeFrom: whole));
            StringAssert.Contains(finished.Message, "is a finished DCGAN, not a checkpoint");
            var other = Small(loss);
            (other.Epochs, other.Seed) = (4, 9);
            var seeded = Assert.ThrowsExactly<InvalidDataException>(() => new Dcgan(other).Fit(digits.Pixels, digits.Labels, digits.Shape, digits.ClassNames, 16f, resumeFrom: checkpoint));
            StringAssert.Contains(seeded.Message, "was written by another run");
            var noPath = Small();
            noPath.CheckpointEvery = 1;
            Assert.ThrowsExactly<ArgumentException>(() => new Dcgan(noPath).Fit(digits.Pixels, digits.Labels, digits.Shape, digits.ClassNames, 16f));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void BadInput_IsAClearError()
    {
        var digits = Digits.Value;
        var penalty = Small(GanLoss.WassersteinGradientPenalty);
        penalty.GradientPenaltyWeight = -1f;
        var wgan = Assert.ThrowsExactly<ArgumentException>(() => new Dcgan(penalty).Fit(digits.Pixels, digits.Labels, digits.Shape, 10, 16f));
        StringAssert.Contains(wgan.Message, "GradientPenaltyWeight");
        var labels = (int[])digits.Labels.Clone();
        labels[4] = 12;
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => new Dcgan(Small()).Fit(digits.Pixels, labels, digits.Shape, 10, 16f));
        StringAssert.Contains(unknown.Message, "Image 5's class 12 is not one of the 10 classes");
        var sizes = Assert.ThrowsExactly<ArgumentException>(() => new Dcgan(Small()).Fit(digits.Pixels[..^1], digits.Labels, digits.Shape, 10, 16f));
        StringAssert.Contains(sizes.Message, "1×8×8");
        var odd = Assert.ThrowsExactly<ArgumentException>(() => new Dcgan(Small()).Fit(new float[2 * 50], [0, 1], new ImageShape(2, 5, 5), 2, 1f));
        StringAssert.Contains(odd.Message, "multiples of 4");
        var model = new Dcgan(new DcganOptions { Channels = [8, 8, 8], Epochs = 1, BatchSize = 32 }).Fit(digits.Pixels, digits.Labels, digits.Shape, 10, 16f);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Generate(5, 10, 0));
    }
}
