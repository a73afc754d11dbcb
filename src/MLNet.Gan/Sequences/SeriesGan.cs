using System.Diagnostics;
using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Sequences;

/// <summary>Options of the sequence GAN; defaults follow Quant GANs (Wiese et al. 2020) scaled to two CPU cores.</summary>
public sealed class SeriesGanOptions
{
    /// <summary>Training steps (one critic and one generator update each). Default 2,000.</summary>
    public int Steps { get; set; } = 2000;

    /// <summary>Real windows per step. Default 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Days per real window the discriminator sees. Default 256.</summary>
    public int WindowLength { get; set; } = 256;

    /// <summary>Dilated layers K of each network: a receptive field of 2^K days. Default 7 (128 days).</summary>
    public int Layers { get; set; } = 7;

    /// <summary>Channels of every hidden layer. Default 64.</summary>
    public int Hidden { get; set; } = 64;

    /// <summary>Noise channels per day (0: max(3, 2 × assets)). Default 0.</summary>
    public int NoiseChannels { get; set; }

    /// <summary>Adam's learning rate for both networks. Default 1e-4.</summary>
    public float LearningRate { get; set; } = 1e-4f;

    /// <summary>Seed of weights, windows and noise. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>Reports every 50 steps.</summary>
    public IProgress<SeriesGanProgress>? Progress { get; set; }

    internal void Validate(int length)
    {
        if (Steps < 1 || BatchSize < 1 || Layers < 1 || Hidden < 1 || NoiseChannels < 0 || !(LearningRate > 0))
        {
            throw new ArgumentException("Steps, BatchSize, Layers and Hidden must be at least 1, NoiseChannels at least 0 and the learning rate positive.");
        }

        if (WindowLength < (1 << Layers) || WindowLength > length)
        {
            throw new ArgumentException($"The window ({WindowLength} days) must cover the receptive field ({1 << Layers} days) and fit in the series ({length} days).");
        }
    }
}

/// <summary>One progress report of the sequence GAN.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in the run.</param>
/// <param name="DiscriminatorLoss">Mean discriminator loss over the last report's steps.</param>
/// <param name="GeneratorLoss">Mean generator loss over the last report's steps.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">Estimated time to the end.</param>
public sealed record SeriesGanProgress(int Step, int Steps, double DiscriminatorLoss, double GeneratorLoss, TimeSpan Elapsed, TimeSpan Remaining);

/// <summary>
/// A GAN of return paths (Quant GANs, Wiese et al. 2020): a stochastic-volatility generator whose drift
/// and volatility come from a temporal convolutional network over the last 2^K days of noise and past
/// innovations (<see cref="SequenceGenerator"/>), so paths of any length come from one network; a
/// temporal convolutional discriminator scores every day of real and generated windows from the values
/// and their absolute values (non-saturating GAN loss). Returns are standardized and made
/// near-Gaussian by the inverse Lambert W transform before training, per asset, and transformed back
/// after generation, so the tails come from the data's own δ. Several assets are generated jointly (the
/// generator's output channels), which is what keeps their cross-correlation.
/// </summary>
public sealed class SeriesGan(SeriesGanOptions? options = null)
{
    /// <summary>The options.</summary>
    public SeriesGanOptions Options { get; } = options ?? new SeriesGanOptions();

    /// <summary>Trains on <paramref name="series"/> and returns the generator.</summary>
    public SeriesGanModel Fit(ReturnSeries series, CancellationToken cancellationToken = default)
    {
        var o = Options;
        o.Validate(series.Length);
        int assets = series.Assets.Count, noise = o.NoiseChannels > 0 ? o.NoiseChannels : Math.Max(3, 2 * assets);
        var transforms = series.Returns.Select(AssetTransform.Fit).ToArray();
        int n = series.Length, w = o.WindowLength, b = o.BatchSize;
        var data = new float[n * assets]; // (N, A) transformed
        for (int a = 0; a < assets; a++)
        {
            for (int t = 0; t < n; t++)
            {
                data[(t * assets) + a] = (float)transforms[a].ToGaussian(series.Returns[a][t]);
            }
        }

        var init = RandomStream.Create(o.Seed, streamId: 0x5E01);
        var generator = new SequenceGenerator(noise, assets, o.Hidden, o.Layers, init);
        var discriminator = new SequenceCritic(assets, o.Hidden, o.Layers, init);
        var adam = new AdamOptions { LearningRate = o.LearningRate, Beta1 = 0.5f, Beta2 = 0.9f };
        var generatorOptimizer = new Adam(generator.Network.Parameters, adam);
        var discriminatorOptimizer = new Adam(discriminator.Network.Parameters, adam);
        var windows = RandomStream.Create(o.Seed, streamId: 0x5E02);
        var noiseStream = RandomStream.Create(o.Seed, streamId: 0x5E03);
        int scored = w - generator.ReceptiveField + 1;
        var real = new Matrix(b * w, assets);
        var scoreGradient = new Matrix(b * scored, 1);
        var clock = Stopwatch.StartNew();
        double dSum = 0, gSum = 0;
        int reported = 0;
        for (int step = 1; step <= o.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // discriminator: real windows → 1, generated → 0
            for (int k = 0; k < b; k++)
            {
                int start = windows.NextInt(n - w + 1);
                data.AsSpan(start * assets, w * assets).CopyTo(real.Span.Slice(k * w * assets, w * assets));
            }

            discriminator.ComputeInputGradient = false;
            double dLoss = Losses.BceWithLogits(discriminator.Forward(real, b).Span, 1f, scoreGradient.Span);
            discriminator.Backward(scoreGradient);
            var fake = generator.Forward(b, w, noiseStream, training: true);
            dLoss += Losses.BceWithLogits(discriminator.Forward(fake, b).Span, 0f, scoreGradient.Span);
            discriminator.Backward(scoreGradient);
            discriminatorOptimizer.Step();

            // generator: make the discriminator say 1 (non-saturating), through a discriminator that does not learn
            fake = generator.Forward(b, w, noiseStream, training: true);
            discriminator.Network.ComputeParameterGradients = false;
            discriminator.ComputeInputGradient = true;
            double gLoss = Losses.BceWithLogits(discriminator.Forward(fake, b).Span, 1f, scoreGradient.Span);
            generator.Backward(discriminator.Backward(scoreGradient)!);
            discriminator.Network.ComputeParameterGradients = true;
            generatorOptimizer.Step();

            if (!double.IsFinite(dLoss) || !double.IsFinite(gLoss))
            {
                throw new Synthesizers.TrainingDivergedException($"Training diverged at step {step}: discriminator loss {dLoss}, generator loss {gLoss}. No model was written. Try a lower learning rate.");
            }

            dSum += dLoss;
            gSum += gLoss;
            if (step % 50 == 0 || step == o.Steps)
            {
                int count = step - reported;
                var elapsed = clock.Elapsed;
                o.Progress?.Report(new SeriesGanProgress(step, o.Steps, dSum / count, gSum / count, elapsed, TimeSpan.FromSeconds(elapsed.TotalSeconds / step * (o.Steps - step))));
                (dSum, gSum, reported) = (0, 0, step);
            }
        }

        return new SeriesGanModel(series.Assets, transforms, generator, noise, o);
    }
}

/// <summary>
/// One asset's map between returns and the space the GAN learns in: standardize, inverse Lambert W
/// with the asset's δ, standardize again; and back.
/// </summary>
/// <param name="Mean">Mean return.</param>
/// <param name="Scale">Standard deviation of returns.</param>
/// <param name="Delta">Lambert W tail parameter δ.</param>
/// <param name="GaussianMean">Mean after the inverse transform.</param>
/// <param name="GaussianScale">Standard deviation after the inverse transform.</param>
/// <param name="Lowest">The lowest value of the training returns in the GAN's space.</param>
/// <param name="Highest">The highest.</param>
public sealed record AssetTransform(double Mean, double Scale, double Delta, double GaussianMean, double GaussianScale, double Lowest, double Highest)
{
    /// <summary>Fits the transform to one asset's returns.</summary>
    public static AssetTransform Fit(double[] returns)
    {
        double mean = returns.Average();
        double scale = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / returns.Length);
        var standardized = returns.Select(r => (r - mean) / scale).ToArray();
        double delta = LambertW.FitDelta(standardized);
        var u = standardized.Select(s => LambertW.Inverse(s, delta)).ToArray();
        double um = u.Average(), us = Math.Sqrt(u.Sum(v => (v - um) * (v - um)) / u.Length);
        return new AssetTransform(mean, scale, delta, um, us, (u.Min() - um) / us, (u.Max() - um) / us);
    }

    /// <summary>A return in the GAN's space.</summary>
    public double ToGaussian(double r) => (LambertW.Inverse((r - Mean) / Scale, Delta) - GaussianMean) / GaussianScale;

    /// <summary>
    /// A value of the GAN's space as a return, first held within 1.25 × the range the training returns
    /// span there: the forward Lambert W transform grows like exp(δu²/2), so a value far outside would
    /// be a return no market has seen (a day of −40 % from an unlucky draw).
    /// </summary>
    public double ToReturn(double g)
    {
        double held = Math.Clamp(g, 1.25 * Lowest, 1.25 * Highest);
        return Mean + (Scale * LambertW.Forward((held * GaussianScale) + GaussianMean, Delta));
    }
}
