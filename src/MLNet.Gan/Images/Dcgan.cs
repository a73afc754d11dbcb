using MLNet.Gan.Compute;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Images;

/// <summary>
/// Trains the class-conditional DCGAN on labelled images whose pixels lie in [0, <c>maxValue</c>] (255
/// for 8-bit images as ML.NET's ExtractPixels gives them, 16 for the UCI digits): pixels are mapped to
/// the generator's [−1, 1] for training and back for generated images.
/// </summary>
/// <param name="options">The training options; their defaults are documented on <see cref="DcganOptions"/>.</param>
public sealed class Dcgan(DcganOptions options)
{
    /// <summary>The training options.</summary>
    public DcganOptions Options { get; } = options;

    /// <summary>
    /// The range pixels are read in: [0, the largest training value] (255 for 8-bit images as ExtractPixels
    /// gives them, about 1 for scaled ones, 16 for the UCI digits); generated pixels come back in it.
    /// </summary>
    /// <param name="pixels">The training pixels.</param>
    public static float PixelRange(ReadOnlySpan<float> pixels)
    {
        float max = pixels.IsEmpty ? 0 : System.Numerics.Tensors.TensorPrimitives.Max(pixels);
        return max > 0 ? max : 1f;
    }

    /// <summary>
    /// Fits on <paramref name="pixels"/> (N rows of <paramref name="shape"/>'s size, NCHW) with class indices
    /// <paramref name="labels"/> in [0, <paramref name="classes"/>).
    /// </summary>
    /// <param name="pixels">The training images, one after another, each in NCHW order.</param>
    /// <param name="labels">Each image's class index.</param>
    /// <param name="shape">The images' shape; height and width multiples of 4.</param>
    /// <param name="classes">How many classes there are; they are named by their index.</param>
    /// <param name="maxValue">The largest pixel value (<see cref="PixelRange"/> reads it from the data).</param>
    /// <param name="cancellationToken">Stops training within one step, with an <see cref="OperationCanceledException"/>.</param>
    public DcganModel Fit(float[] pixels, int[] labels, ImageShape shape, int classes, float maxValue, CancellationToken cancellationToken = default)
        => Fit(pixels, labels, shape, [.. Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))], maxValue, cancellationToken);

    /// <summary>As the other overload, with the classes named by <paramref name="classNames"/> (labels index them).</summary>
    /// <param name="pixels">The training images, one after another, each in NCHW order.</param>
    /// <param name="labels">Each image's class index into <paramref name="classNames"/>.</param>
    /// <param name="shape">The images' shape; height and width multiples of 4.</param>
    /// <param name="classNames">The classes' names.</param>
    /// <param name="maxValue">The largest pixel value (<see cref="PixelRange"/> reads it from the data).</param>
    /// <param name="cancellationToken">Stops training within one step, with an <see cref="OperationCanceledException"/>.</param>
    public DcganModel Fit(float[] pixels, int[] labels, ImageShape shape, IReadOnlyList<string> classNames, float maxValue, CancellationToken cancellationToken = default)
        => Fit(pixels, labels, shape, classNames, maxValue, resumeFrom: null, cancellationToken);

    /// <summary>
    /// As the other overloads, or continues the run a checkpoint (<see cref="DcganOptions.CheckpointEvery"/>) was written by:
    /// with the same images and options (the epochs may be more), the resumed run ends with the same model, byte for byte,
    /// as the run that was never stopped.
    /// </summary>
    /// <param name="pixels">The training images, one after another, each in NCHW order.</param>
    /// <param name="labels">Each image's class index into <paramref name="classNames"/>.</param>
    /// <param name="shape">The images' shape; height and width multiples of 4.</param>
    /// <param name="classNames">The classes' names.</param>
    /// <param name="maxValue">The largest pixel value (<see cref="PixelRange"/> reads it from the data).</param>
    /// <param name="resumeFrom">A checkpoint to continue from; null starts afresh.</param>
    /// <param name="cancellationToken">Stops training within one step, with an <see cref="OperationCanceledException"/>.</param>
    public DcganModel Fit(float[] pixels, int[] labels, ImageShape shape, IReadOnlyList<string> classNames, float maxValue, string? resumeFrom, CancellationToken cancellationToken = default)
    {
        int classes = classNames.Count;
        Options.Validate();
        shape.Check(nameof(shape));
        if (pixels.Length != labels.Length * shape.Size)
        {
            throw new ArgumentException($"{labels.Length:N0} labels need {labels.Length * (long)shape.Size:N0} pixel values of {shape} images; got {pixels.Length:N0}.", nameof(pixels));
        }

        if (labels.Length < 2)
        {
            throw new ArgumentException($"The DCGAN needs at least 2 training images; got {labels.Length}.", nameof(labels));
        }

        int bad = Array.FindIndex(labels, l => l < 0 || l >= classes);
        if (bad >= 0)
        {
            throw new ArgumentException($"Image {bad + 1}'s class {labels[bad]} is not one of the {classes} classes.", nameof(labels));
        }

        OptionChecks.Positive(maxValue, nameof(maxValue));
        var scaled = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            scaled[i] = (2f * Math.Clamp(pixels[i], 0f, maxValue) / maxValue) - 1f;
        }

        var training = new DcganTraining(new ImageSet(scaled, labels, shape, classes), Options);
        int firstEpoch = resumeFrom is null ? 1 : DcganArchive.RestoreCheckpoint(resumeFrom, training, Options, maxValue, classNames, shape) + 1;
        var reporter = new EpochReporter(Options.Epochs, Options.Progress);
        int steps = training.StepsPerEpoch;
        for (int epoch = firstEpoch; epoch <= Options.Epochs; epoch++)
        {
            reporter.Begin();
            double generatorLoss = 0, discriminatorLoss = 0;
            for (int s = 0; s < steps; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (g, d) = training.Step();
                (generatorLoss, discriminatorLoss) = (generatorLoss + g, discriminatorLoss + d);
            }

            if (!double.IsFinite(generatorLoss) || !double.IsFinite(discriminatorLoss))
            {
                throw new TrainingDivergedException($"The DCGAN diverged in epoch {epoch}: generator loss {generatorLoss / steps}, discriminator loss {discriminatorLoss / steps}.");
            }

            reporter.End(epoch, generatorLoss / steps, discriminatorLoss / steps, (double)steps * training.BatchSize);
            if (Options.CheckpointEvery > 0 && epoch % Options.CheckpointEvery == 0 && epoch < Options.Epochs)
            {
                DcganArchive.WriteCheckpoint(Options.CheckpointPath!, training, Options, maxValue, classNames, shape, epoch);
            }
        }

        return new DcganModel(training.Networks, Options.Clone(), maxValue, [.. classNames]);
    }
}

/// <summary>A trained DCGAN's generator: images of a chosen class, pixels in [0, <see cref="MaxValue"/>].</summary>
public sealed class DcganModel
{
    private readonly int noiseDimension;

    internal DcganModel(DcganNetworks networks, DcganOptions options, float maxValue, string[] classNames)
    {
        (Networks, Options, MaxValue, ClassNames, noiseDimension) = (networks, options, maxValue, classNames, options.NoiseDimension);
    }

    internal DcganNetworks Networks { get; }

    /// <summary>The options it was trained with.</summary>
    public DcganOptions Options { get; }

    /// <summary>The classes' names; a label is an index into them.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Saves the generator to a checksummed, format-versioned archive, atomically.</summary>
    /// <param name="path">The archive's path.</param>
    public void Save(string path) => DcganArchive.Save(path, this);

    /// <summary>The index of the class named <paramref name="className"/>; an <see cref="ArgumentException"/> listing the classes when the model has none of that name.</summary>
    /// <param name="className">A class name the model was trained with.</param>
    public int ClassIndex(string className)
    {
        for (int i = 0; i < ClassNames.Count; i++)
        {
            if (ClassNames[i] == className)
            {
                return i;
            }
        }

        throw new ArgumentException($"the model knows no class '{className}'. Classes: {string.Join(", ", ClassNames)}.", nameof(className));
    }

    /// <summary>Loads a model saved by <see cref="Save"/>; another kind of model is refused by name.</summary>
    /// <param name="path">The archive's path.</param>
    public static DcganModel Load(string path) => DcganArchive.Load(path);

    /// <summary>The shape of the images it makes.</summary>
    public ImageShape Shape => Networks.Image;

    /// <summary>How many classes it knows.</summary>
    public int Classes => Networks.Classes;

    /// <summary>The largest pixel value: generated pixels lie in [0, MaxValue], as the training images did.</summary>
    public float MaxValue { get; }

    /// <summary>Generates <paramref name="count"/> images of class <paramref name="label"/> (batch normalisation with its running statistics), N rows NCHW.</summary>
    /// <param name="count">How many images.</param>
    /// <param name="label">The class index.</param>
    /// <param name="seed">The noise's seed: the same seed gives the same images.</param>
    public float[] Generate(int count, int label, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (label < 0 || label >= Classes)
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"The model knows classes 0–{Classes - 1}; got {label}.");
        }

        var rng = RandomStream.Create(seed, 3);
        var output = new float[count * Shape.Size];
        const int Batch = 256;
        var input = new Matrix(Math.Min(Batch, count), noiseDimension + Classes);
        var labels = new int[input.Rows];
        Array.Fill(labels, label);
        for (int start = 0; start < count; start += Batch)
        {
            int rows = Math.Min(Batch, count - start);
            var batch = rows == input.Rows ? input : Matrix.View(input, rows, input.Cols);
            Networks.WriteGeneratorInput(batch, labels, rng, noiseDimension);
            var images = Networks.Generator.Forward(batch, training: false).Span;
            for (int i = 0; i < images.Length; i++)
            {
                output[(start * Shape.Size) + i] = (images[i] + 1f) * 0.5f * MaxValue;
            }
        }

        return output;
    }
}
