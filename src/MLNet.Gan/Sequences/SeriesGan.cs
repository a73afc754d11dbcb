using System.Diagnostics;
using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Sequences;

/// <summary>Options of the sequence GAN; defaults follow Quant GANs (Wiese et al. 2020) scaled to two CPU cores.</summary>
public sealed class SeriesGanOptions
{
    /// <summary>Training steps (one discriminator and one generator update each). Default 1,000.</summary>
    public int Steps { get; set; } = 1000;

    /// <summary>Real windows per step. Default 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Days per real window the discriminator sees. Default 256.</summary>
    public int WindowLength { get; set; } = 256;

    /// <summary>
    /// Dilated layers K of the generator: each day's drift and volatility depend on the last 2^K days.
    /// Default 8 (256 days): volatility clustering at the 100-day lag the evaluation measures needs shocks
    /// that long ago to reach today's volatility.
    /// </summary>
    public int Layers { get; set; } = 8;

    /// <summary>Dilated layers of the discriminator (it scores days whose 2^K-day history lies in the window). Default 7 (128 days).</summary>
    public int DiscriminatorLayers { get; set; } = 7;

    /// <summary>
    /// Weight of the stylized-facts loss added to the generator's adversarial loss (<see cref="StylizedFactsLoss"/>:
    /// spread, kurtosis, autocorrelations of returns and of their sizes, leverage, cross-correlations of
    /// windows against the real series'); 0 trains adversarially only. Default 100 (at 10 the adversarial
    /// loss, which favours the typical calm window, kept the spread and the long-lag clustering short of
    /// the real ones).
    /// </summary>
    public float FactsWeight { get; set; } = 100f;

    /// <summary>Channels of every hidden layer. Default 64.</summary>
    public int Hidden { get; set; } = 64;

    /// <summary>
    /// Fresh Gaussian noise channels per day among the generator's inputs, besides the past shocks and their
    /// memory. Default null: none for one asset, 2 × assets for several. With no noise the drift and the
    /// volatility are functions of past shocks only, as in GARCH: on the S&amp;P 500 the noise had let the
    /// generator add a Gaussian component of its own to every day, which thinned the tails (kurtosis 11.4
    /// against 15–17 without it, docs/benchmarks.md) and weakened the leverage effect. With several assets
    /// the noise is what moves them together on the same day (each asset's shocks are independent), so
    /// it stays.
    /// </summary>
    public int? NoiseChannels { get; set; }

    /// <summary>
    /// Paths generated at each checkpoint (every 50 steps of the second half of training) when checkpoints
    /// are scored by their stylized facts (<see cref="CheckpointSelection"/>); 0 turns checkpoint
    /// selection off and keeps the last step's generator. Default 5. Measured over
    /// 10 training seeds on the S&amp;P 500, a fresh 5-path sample beat the reference GARCH(1,1)-t figures (fGarch) on every
    /// row 45–49 % of the time, against 17 % with the last step. On the European indices, over 5 seeds,
    /// every correlation was within 0.05 in 28–34 samples of 40, against 26–28
    /// (<c>build/bench.sh series-seeds</c>, docs/benchmarks.md).
    /// </summary>
    public int CheckpointPaths { get; set; } = 5;

    /// <summary>
    /// The share of the series' last days held out of training to score checkpoints on
    /// (<see cref="CheckpointSelection"/>): the generator learns from the days before them only, and the
    /// checkpoint kept is the one that does best on days it never saw. Default 0.2 (the last fifth);
    /// 0 scores checkpoints against the training days themselves, which favours the checkpoint that
    /// fits them best by luck (the winner's curse). At least 260 days must be held out. Nothing is held
    /// out when <see cref="CheckpointPaths"/> is 0 (no checkpoint is chosen).
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>
    /// What checkpoints are scored by on the held-out days. Default null: <see cref="SeriesCheckpointMetric.Forecast"/>
    /// for a generator without fresh noise (one asset at the defaults), whose state can be filtered
    /// from a history; <see cref="SeriesCheckpointMetric.StylizedFacts"/> otherwise.
    /// </summary>
    public SeriesCheckpointMetric? CheckpointMetric { get; set; }

    /// <summary>Adam's learning rate for both networks. Default 4e-4.</summary>
    public float LearningRate { get; set; } = 4e-4f;

    /// <summary>Seed of weights, windows and noise. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>Reports every 50 steps.</summary>
    public IProgress<SeriesGanProgress>? Progress { get; set; }

    /// <summary>A copy (<see cref="Progress"/> is the same receiver).</summary>
    public SeriesGanOptions Clone() => (SeriesGanOptions)MemberwiseClone();

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first property outside its range, before
    /// any work (<see cref="SeriesGan.Fit"/> also checks that the window fits in the series).
    /// </summary>
    public void Validate()
    {
        OptionChecks.AtLeast(Steps, 1, nameof(Steps));
        OptionChecks.AtLeast(BatchSize, 1, nameof(BatchSize));
        if (Layers is < 1 or > MaxLayers)
        {
            throw OptionChecks.Refuse(nameof(Layers), Layers.ToString(System.Globalization.CultureInfo.InvariantCulture), $"between 1 and {MaxLayers} (a receptive field of 2 to {1 << MaxLayers:N0} days)");
        }

        if (DiscriminatorLayers is < 1 or > MaxLayers)
        {
            throw OptionChecks.Refuse(nameof(DiscriminatorLayers), DiscriminatorLayers.ToString(System.Globalization.CultureInfo.InvariantCulture), $"between 1 and {MaxLayers}");
        }

        OptionChecks.AtLeast(Hidden, 1, nameof(Hidden));
        OptionChecks.AtLeast(NoiseChannels ?? 0, 0, nameof(NoiseChannels));
        OptionChecks.AtLeast(CheckpointPaths, 0, nameof(CheckpointPaths));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
        OptionChecks.AtLeast(FactsWeight, 0, nameof(FactsWeight));
        if (!(ValidationFraction is >= 0 and < 1))
        {
            throw OptionChecks.Refuse(nameof(ValidationFraction), ValidationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture), "at least 0 and below 1");
        }

        if (CheckpointMetric == SeriesCheckpointMetric.Forecast && ValidationFraction == 0)
        {
            throw OptionChecks.Refuse(nameof(CheckpointMetric), "Forecast", "StylizedFacts when ValidationFraction is 0 (forecasts are scored on held-out days)");
        }
        if (WindowLength < 1 << DiscriminatorLayers)
        {
            throw OptionChecks.Refuse(nameof(WindowLength), WindowLength.ToString(System.Globalization.CultureInfo.InvariantCulture), $"at least {1 << DiscriminatorLayers} days, the discriminator's receptive field");
        }
    }

    /// <summary>The most dilated layers of either network (a receptive field of 4,096 days).</summary>
    public const int MaxLayers = 12;

    /// <summary>Days held out of a series of <paramref name="length"/> days (none without checkpoint selection, which is what they are for).</summary>
    /// <param name="length">The training series' length in days.</param>
    public int ValidationDays(int length) => CheckpointPaths == 0 ? 0 : (int)Math.Round(length * ValidationFraction);

    /// <summary>
    /// <see cref="Validate()"/>, and that a series of <paramref name="length"/> days holds the validation slice
    /// and a window in what is left; an <see cref="ArgumentException"/> naming the option otherwise.
    /// </summary>
    /// <param name="length">The training series' length in days.</param>
    public void Validate(int length)
    {
        Validate();
        int held = ValidationDays(length), training = length - held;
        if (held > 0 && held < MinimumValidationDays)
        {
            throw OptionChecks.Refuse(nameof(ValidationFraction), ValidationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"0, or large enough to hold out at least {MinimumValidationDays} of the series' {length:N0} days (it holds out {held})");
        }

        if (WindowLength > training)
        {
            throw new ArgumentException($"The window ({WindowLength} days) must fit in the training days ({training:N0} of the series' {length:N0}; {held:N0} are held out for checkpoint selection).", nameof(WindowLength));
        }
    }

    /// <summary>The fewest held-out days: the stylized facts' autocorrelations need 260.</summary>
    public const int MinimumValidationDays = 260;
}

/// <summary>What the sequence GAN's checkpoints are scored by, on the held-out days.</summary>
public enum SeriesCheckpointMetric
{
    /// <summary>
    /// Relative gaps between the stylized facts of generated paths (of the held-out period's length) and
    /// the held-out period's (<see cref="CheckpointSelection.Score(IReadOnlyList{FactRow}, int)"/>).
    /// </summary>
    StylizedFacts,

    /// <summary>
    /// The mean FZ0 loss (Patton, Ziegel &amp; Chen 2019) of the one-day-ahead 97.5 % value-at-risk and
    /// expected shortfall on the held-out days, the generator filtered through the whole series
    /// (<see cref="RiskForecasters.SeriesGan"/>): the scoring rule a risk desk backtests with.
    /// </summary>
    Forecast,
}

/// <summary>One progress report of the sequence GAN.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in the run.</param>
/// <param name="DiscriminatorLoss">Mean discriminator loss over the last report's steps.</param>
/// <param name="GeneratorLoss">Mean generator (adversarial) loss over the last report's steps.</param>
/// <param name="FactsLoss">Mean stylized-facts loss (before its weight) over the last report's steps.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">Estimated time to the end.</param>
/// <param name="CheckpointScore">This step's checkpoint score (sum of relative gaps to the real facts; lower is closer), or null when the step is not a checkpoint.</param>
public sealed record SeriesGanProgress(int Step, int Steps, double DiscriminatorLoss, double GeneratorLoss, double FactsLoss, TimeSpan Elapsed, TimeSpan Remaining, double? CheckpointScore = null)
{
    /// <summary>A receiver that writes each report (one every 50 steps) through <paramref name="info"/> as one line, then passes it on to <paramref name="also"/>.</summary>
    internal static IProgress<SeriesGanProgress> Logged(Action<string> info, IProgress<SeriesGanProgress>? also) => Logging.ContextLog.Relay<SeriesGanProgress>(p =>
    {
        info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"sequence GAN step {p.Step}/{p.Steps}: discriminator {p.DiscriminatorLoss:0.0000}, generator {p.GeneratorLoss:0.0000}, facts {p.FactsLoss:0.0000}{(p.CheckpointScore is { } s ? $", checkpoint score {s:0.0000}" : "")}, {p.Elapsed:hh\\:mm\\:ss} elapsed, {p.Remaining:hh\\:mm\\:ss} left"));
        also?.Report(p);
    });
}

/// <summary>
/// A GAN of return paths (Quant GANs, Wiese et al. 2020): a stochastic-volatility generator whose drift
/// and volatility come from a temporal convolutional network over the last 2^K days of noise and past
/// shocks and a memory of older shocks (<see cref="SequenceGenerator"/>), so paths of any length come
/// from one network; a temporal convolutional discriminator scores every day of real and generated
/// windows from the values and their absolute values (non-saturating GAN loss); the generator's loss
/// adds the gap between its windows' stylized facts and the real ones (<see cref="StylizedFactsLoss"/>).
/// Returns are standardized per asset; the innovations' tails come from the series' GARCH residuals
/// (<see cref="AssetTransform"/>). Several assets are generated jointly (the generator's output
/// channels), which is what keeps their cross-correlation.
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
        int assets = series.Assets.Count, noise = o.NoiseChannels ?? (assets == 1 ? 0 : 2 * assets);
        int held = o.ValidationDays(series.Length);
        var metric = o.CheckpointMetric ?? (noise == 0 && assets == 1 && held > 0 ? SeriesCheckpointMetric.Forecast : SeriesCheckpointMetric.StylizedFacts);
        if (metric == SeriesCheckpointMetric.Forecast && o.CheckpointPaths > 0 && (noise > 0 || assets > 1))
        {
            throw OptionChecks.Refuse(nameof(SeriesGanOptions.CheckpointMetric), "Forecast", "StylizedFacts for a generator of several assets or with fresh noise (its state cannot be filtered to forecast)");
        }

        // the generator learns from the days before the held-out ones only
        var full = series;
        series = held > 0 ? series.Days(1, series.Length - held) : series;
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
        var generator = new SequenceGenerator(noise, [.. transforms.Select(t => (t.LeftTail, t.RightTail))], o.Hidden, o.Layers, init);
        var discriminator = new SequenceCritic(assets, o.Hidden, o.DiscriminatorLayers, init);
        var adam = new AdamOptions { LearningRate = o.LearningRate, Beta1 = 0.5f, Beta2 = 0.9f };
        var generatorOptimizer = new Adam(generator.Network.Parameters, adam);
        var discriminatorOptimizer = new Adam(discriminator.Network.Parameters, adam);
        var windows = RandomStream.Create(o.Seed, streamId: 0x5E02);
        var noiseStream = RandomStream.Create(o.Seed, streamId: 0x5E03);
        int scored = w - discriminator.Network.ReceptiveField + 1;
        var facts = new StylizedFactsLoss(b, w, assets);
        facts.FitTargets(data, n, batches: 256, RandomStream.Create(o.Seed, streamId: 0x5E05));
        var real = new Matrix(b * w, assets);
        var scoreGradient = new Matrix(b * scored, 1);
        var model = new SeriesGanModel(series.Assets, transforms, generator, noise, o);
        var selection = o.CheckpointPaths > 0 ? new CheckpointSelection(full, n, metric, model, o.CheckpointPaths, o.Steps, o.Seed) : null;
        var clock = Stopwatch.StartNew();
        double dSum = 0, gSum = 0, fSum = 0;
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

            // generator: make the discriminator say 1 (non-saturating), through a discriminator that does
            // not learn, and bring the batch's stylized facts to the real ones
            fake = generator.Forward(b, w, noiseStream, training: true);
            discriminator.Network.ComputeParameterGradients = false;
            discriminator.ComputeInputGradient = true;
            double gLoss = Losses.BceWithLogits(discriminator.Forward(fake, b).Span, 1f, scoreGradient.Span);
            var valueGradient = discriminator.Backward(scoreGradient)!;
            double fLoss = facts.Forward(fake);
            if (o.FactsWeight > 0)
            {
                facts.Backward(o.FactsWeight, valueGradient);
            }

            generator.Backward(valueGradient);
            discriminator.Network.ComputeParameterGradients = true;
            generatorOptimizer.Step();

            if (!double.IsFinite(dLoss) || !double.IsFinite(gLoss))
            {
                throw TrainingDivergedException.At($"step {step}", $"discriminator loss {dLoss}, generator loss {gLoss}", "Try a lower learning rate.");
            }

            double? checkpointScore = selection?.IsCheckpoint(step) == true ? selection.Score(step) : null;

            dSum += dLoss;
            gSum += gLoss;
            fSum += fLoss;
            if (step % 50 == 0 || step == o.Steps)
            {
                int count = step - reported;
                var elapsed = clock.Elapsed;
                o.Progress?.Report(new SeriesGanProgress(step, o.Steps, dSum / count, gSum / count, fSum / count, elapsed, TimeSpan.FromSeconds(elapsed.TotalSeconds / step * (o.Steps - step)), checkpointScore));
                (dSum, gSum, fSum, reported) = (0, 0, 0, step);
            }
        }

        selection?.Restore();
        model.TrainingStep = selection?.BestStep ?? o.Steps;
        model.NoCheckpointScored = selection is { AnyScored: false };
        model.TrainingDays = n;
        model.ValidationDays = held;
        return model;
    }
}

/// <summary>
/// One asset's map between returns and the space the GAN learns in: standardized returns. (The marginal
/// law is not Gaussianized as Quant GANs do with an inverse Lambert W transform: that fights a
/// stochastic-volatility generator, whose varying volatility makes the marginal tails heavy by itself,
/// and the generated kurtosis then exploded in the forward transform — 537 against the real 25.) The
/// innovations' tails come from the series' conditional residuals instead: <see cref="LeftTail"/> and
/// <see cref="RightTail"/> are the Lambert W δ of each side (Goerg 2015's double-tail transform) that make
/// the standardized residuals of a GARCH(1,1)-t fit Gaussian: crashes are deeper than rallies are high.
/// (Fitted by maximum likelihood instead, the δ came out lighter — 0.17 and 0.08 on the S&amp;P 500's days
/// 1–9,600 against 0.25 and 0.10 — and the generator trained with them could not be filtered: on the
/// 1932–33 days the recovered shocks passed 8, beyond any it had learned from, and its volatility fell
/// to its floor and stayed there. The heavier δ map a crash day to a shock near 4.)
/// </summary>
/// <param name="Mean">Mean return.</param>
/// <param name="Scale">Standard deviation of returns.</param>
/// <param name="Lowest">The lowest standardized training return.</param>
/// <param name="Highest">The highest.</param>
/// <param name="LeftTail">The innovations' Lambert W δ below 0 (held at most 0.25).</param>
/// <param name="RightTail">The innovations' Lambert W δ above 0 (held at most 0.25).</param>
public sealed record AssetTransform(double Mean, double Scale, double Lowest, double Highest, double LeftTail, double RightTail)
{
    /// <summary>Fits the transform to one asset's returns (a GARCH(1,1)-t fit gives the innovations' tails).</summary>
    public static AssetTransform Fit(double[] returns)
    {
        double mean = returns.Average();
        double scale = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / returns.Length);
        var residuals = GarchModel.Fit(returns).StandardizedResiduals(returns);
        double center = residuals.Average();
        return new AssetTransform(mean, scale, (returns.Min() - mean) / scale, (returns.Max() - mean) / scale, Tail(residuals, center, -1), Tail(residuals, center, 1));
    }

    /// <summary>The δ of one side: the side's deviations and their mirror images form a symmetric law whose δ is fitted.</summary>
    private static double Tail(double[] residuals, double center, int side)
    {
        var half = residuals.Where(r => Math.Sign(r - center) == side).Select(r => r - center).ToArray();
        double scale = Math.Sqrt(half.Sum(v => v * v) / half.Length);
        double[] mirrored = [.. half.Select(v => v / scale), .. half.Select(v => -v / scale)];
        return Math.Min(SequenceGenerator.MaxTail, LambertW.FitDelta(mirrored));
    }

    /// <summary>A return in the GAN's space.</summary>
    public double ToGaussian(double r) => (r - Mean) / Scale;

    /// <summary>
    /// A value of the GAN's space as a return, first held within 1.25 × the range the training returns
    /// span there: a value far outside would be a return no market has seen (a day of −40 % from an
    /// unlucky draw at the highest volatility).
    /// </summary>
    public double ToReturn(double g) => Mean + (Scale * Math.Clamp(g, 1.25 * Lowest, 1.25 * Highest));
}
