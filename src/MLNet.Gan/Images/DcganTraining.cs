using MLNet.Gan.Compute;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Images;

/// <summary>
/// Labelled images for the DCGAN: N images of one <see cref="ImageShape"/>, one row each in NCHW order,
/// with pixel values already in [−1, 1] (the generator's tanh range), and a class index per image.
/// </summary>
internal sealed record ImageSet(float[] Pixels, int[] Labels, ImageShape Shape, int Classes)
{
    public int Count => Labels.Length;
}

/// <summary>
/// One DCGAN training step at a time, every buffer allocated once. A step trains the discriminator on a
/// batch of real images (their own classes) and a batch of generated ones (classes drawn as the real
/// images' classes fall: the class of a random training image), then the generator through the
/// discriminator with its parameters held (the non-saturating loss for the standard GAN; for least
/// squares, ½·mean((D − 1)²) against real = 1, fake = 0, Mao et al. 2017). With WGAN-GP the discriminator
/// is a critic minimising mean D(fake) − mean D(real) plus the gradient penalty on images mixed from each
/// real image and a generated one of its class (so generated images take the real batch's classes), and
/// the generator minimises −mean D(fake). Real batches walk a shuffled order of the images, reshuffled every epoch.
/// </summary>
internal sealed class DcganTraining
{
    private readonly ImageSet _data;
    private readonly DcganOptions _options;
    private readonly Adam _generatorAdam, _discriminatorAdam;
    private readonly RandomStream _rng, _dropout;
    private readonly int[] _order, _realClasses, _fakeClasses;
    private readonly Matrix _noise, _real, _discriminatorInput, _score, _generatorGradient;
    private readonly Matrix? _realInput, _mixedInput;
    private readonly DiscriminatorPenalty? _penalty;
    private int _next;

    public DcganTraining(ImageSet data, DcganOptions options)
    {
        (_data, _options) = (data, options);
        _rng = RandomStream.Create(options.Seed, 1);
        _dropout = RandomStream.Create(options.Seed, 2);
        Networks = new DcganNetworks(data.Shape, data.Classes, options, RandomStream.Create(options.Seed, 0), _dropout);
        AdamOptions Adam() => new() { LearningRate = options.LearningRate, Beta1 = options.Beta1 };
        _generatorAdam = new Adam(Networks.Generator.Parameters, Adam());
        _discriminatorAdam = new Adam(Networks.Discriminator.Parameters, Adam());
        _order = [.. Enumerable.Range(0, data.Count)];
        _rng.Shuffle(_order.AsSpan());
        int b = Math.Min(options.BatchSize, data.Count);
        BatchSize = b;
        (_realClasses, _fakeClasses) = (new int[b], new int[b]);
        _noise = new Matrix(b, options.NoiseDimension + data.Classes);
        _real = new Matrix(b, data.Shape.Size);
        _discriminatorInput = new Matrix(b, Networks.ConditionedShape.Size);
        _score = new Matrix(b, 1);
        _generatorGradient = new Matrix(b, data.Shape.Size);
        if (options.Loss == GanLoss.WassersteinGradientPenalty)
        {
            _realInput = new Matrix(b, Networks.ConditionedShape.Size);
            _mixedInput = new Matrix(b, Networks.ConditionedShape.Size);
            _penalty = new DiscriminatorPenalty(Networks);
        }
    }

    public DcganNetworks Networks { get; }

    public int BatchSize { get; }

    public Adam GeneratorOptimizer => _generatorAdam;

    public Adam DiscriminatorOptimizer => _discriminatorAdam;

    /// <summary>
    /// What a checkpoint needs beside the weights and moments to go on exactly: both optimizers' step counts, the
    /// batch and dropout streams, and where the walk through the shuffled images stands.
    /// </summary>
    public void WriteState(BinaryWriter w)
    {
        w.Write(_generatorAdam.StepCount);
        w.Write(_discriminatorAdam.StepCount);
        _rng.WriteState(w);
        _dropout.WriteState(w);

        w.Write(_next);
        w.Write(_order.Length);
        Array.ForEach(_order, w.Write);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote; <paramref name="path"/> names the file in errors.</summary>
    public void ReadState(BinaryReader r, string path)
    {
        _generatorAdam.RestoreStepCount(r.ReadInt32());
        _discriminatorAdam.RestoreStepCount(r.ReadInt32());
        _rng.ReadState(r);
        _dropout.ReadState(r);

        int next = r.ReadInt32(), count = r.ReadInt32();
        if (count != _order.Length || next < 0 || next > count)
        {
            throw new InvalidDataException($"'{path}' was written for {count:N0} training images; this run has {_order.Length:N0}.");
        }

        _next = next;
        for (int i = 0; i < count; i++)
        {
            _order[i] = r.ReadInt32();
        }
    }

    /// <summary>Steps in one pass over the images.</summary>
    public int StepsPerEpoch => Math.Max(1, _data.Count / BatchSize);

    /// <summary>One step of both networks; returns their losses.</summary>
    public (double Generator, double Discriminator) Step()
    {
        double discriminatorLoss = 0;
        int criticSteps = _options.CriticStepsOrDefault;
        for (int k = 0; k < criticSteps; k++)
        {
            discriminatorLoss += DiscriminatorStep();
        }

        // the generator: its last batch of images toward 1 through the updated discriminator, whose parameters stay
        int b = BatchSize, size = _data.Shape.Size;
        var g = Networks.Generator;
        var d = Networks.Discriminator;
        _generatorAdam.ClearGradients();
        Networks.DiscriminatorLearns(false);
        double generatorLoss = Score(d.Forward(_discriminatorInput, training: true), 1f);
        var inputGradient = d.Backward(_score);
        for (int r = 0; r < b; r++)
        {
            inputGradient.Row(r)[..size].CopyTo(_generatorGradient.Row(r));
        }

        g.Backward(_generatorGradient);
        _generatorAdam.Step();
        Networks.DiscriminatorLearns(true);
        return (generatorLoss, discriminatorLoss / criticSteps);
    }

    /// <summary>One update of the discriminator on the next real batch and a fresh generated one (left in its input buffer); returns its loss.</summary>
    private double DiscriminatorStep()
    {
        int b = BatchSize, size = _data.Shape.Size;
        for (int r = 0; r < b; r++)
        {
            if (_next == _order.Length)
            {
                _rng.Shuffle(_order.AsSpan());
                _next = 0;
            }

            int image = _order[_next++];
            _data.Pixels.AsSpan(image * size, size).CopyTo(_real.Row(r));
            _realClasses[r] = _data.Labels[image];
            _fakeClasses[r] = _penalty is null ? _data.Labels[_rng.NextInt(_data.Count)] : _realClasses[r];
        }

        var g = Networks.Generator;
        var d = Networks.Discriminator;
        Networks.WriteGeneratorInput(_noise, _fakeClasses, _rng, _options.NoiseDimension);
        var fake = g.Forward(_noise, training: true);

        // the discriminator: real images toward 1, generated toward 0
        _discriminatorAdam.ClearGradients();
        Networks.DiscriminatorLearns(true);
        var realInput = _realInput ?? _discriminatorInput; // the penalty mixes the real input with the generated one
        Networks.WriteDiscriminatorInput(_real, _realClasses, realInput);
        double discriminatorLoss = Score(d.Forward(realInput, training: true), 1f);
        d.Backward(_score);
        Networks.WriteDiscriminatorInput(fake, _fakeClasses, _discriminatorInput);
        discriminatorLoss += Score(d.Forward(_discriminatorInput, training: true), 0f);
        d.Backward(_score);
        if (_penalty is not null)
        {
            MixRealAndGenerated();
            discriminatorLoss += _penalty.Penalty(_mixedInput!, _options.GradientPenaltyWeight);
        }

        _discriminatorAdam.Step();
        return discriminatorLoss;
    }

    /// <summary>x̂ = α·real + (1 − α)·generated, one α ~ U(0, 1) per pair; the class planes, equal in both, stay as they are.</summary>
    private void MixRealAndGenerated()
    {
        for (int r = 0; r < BatchSize; r++)
        {
            float alpha = _rng.NextFloat();
            var mixed = _mixedInput!.Row(r);
            var real = _realInput!.Row(r);
            var generated = _discriminatorInput.Row(r);
            for (int i = 0; i < mixed.Length; i++)
            {
                mixed[i] = (alpha * real[i]) + ((1 - alpha) * generated[i]);
            }
        }
    }

    /// <summary>
    /// The loss of <paramref name="output"/> against <paramref name="target"/> (1 real, 0 generated); its gradient goes to the
    /// score buffer. For the Wasserstein critic a target of 1 is a score to raise, 0 one to lower.
    /// </summary>
    private double Score(Matrix output, float target) => _options.Loss switch
    {
        GanLoss.Standard => Losses.BceWithLogits(output.Span, target, _score.Span),
        GanLoss.WassersteinGradientPenalty => Losses.Wasserstein(output.Span, target == 1f ? -1f : 1f, _score.Span),
        _ => Losses.MeanSquaredError(output.Span, target, _score.Span, 0.5f),
    };
}
