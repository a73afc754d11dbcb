namespace MLNet.Gan.Synthesizers;

/// <summary>The adversarial loss a <see cref="CtGan"/> trains with.</summary>
public enum GanLoss
{
    /// <summary>Wasserstein loss with gradient penalty (Gulrajani et al. 2017): the default and the most stable.</summary>
    WassersteinGradientPenalty,

    /// <summary>The original GAN loss with a non-saturating generator (Goodfellow et al. 2014), as binary cross-entropy.</summary>
    Standard,

    /// <summary>Least-squares GAN (Mao et al. 2017).</summary>
    LeastSquares,
}

/// <summary>Default values of <see cref="CtGanOptions"/>: CTGAN's published defaults.</summary>
public static class CtGanDefaults
{
    /// <summary>Training epochs: 300.</summary>
    public const int Epochs = 300;

    /// <summary>Rows per step: 500 (a multiple of <see cref="Pac"/>).</summary>
    public const int BatchSize = 500;

    /// <summary>Rows per packed critic input: 10.</summary>
    public const int Pac = 10;

    /// <summary>Noise width: 128.</summary>
    public const int EmbeddingDimension = 128;

    /// <summary>Generator residual block widths: 256, 256.</summary>
    public static IReadOnlyList<int> GeneratorDimensions { get; } = Array.AsReadOnly([256, 256]);

    /// <summary>Critic hidden widths: 256, 256.</summary>
    public static IReadOnlyList<int> CriticDimensions { get; } = Array.AsReadOnly([256, 256]);

    /// <summary>Adam learning rate of both networks: 2e-4.</summary>
    public const float LearningRate = 2e-4f;

    /// <summary>Adam β₁: 0.5.</summary>
    public const float Beta1 = 0.5f;

    /// <summary>Adam β₂: 0.9.</summary>
    public const float Beta2 = 0.9f;

    /// <summary>L2 weight decay of both networks (added to the gradient, as PyTorch's Adam): 1e-6.</summary>
    public const float WeightDecay = 1e-6f;

    /// <summary>Critic steps per generator step: 1.</summary>
    public const int CriticSteps = 1;

    /// <summary>Weight λ of the gradient penalty: 10.</summary>
    public const float GradientPenaltyWeight = 10f;

    /// <summary>Gumbel-softmax temperature τ: 0.2.</summary>
    public const float GumbelTemperature = 0.2f;

    /// <summary>Critic dropout: 0.5.</summary>
    public const float Dropout = 0.5f;

    /// <summary>Critic LeakyReLU slope: 0.2.</summary>
    public const float LeakySlope = 0.2f;
}

/// <summary>Options of the CTGAN-class synthesizer. Every property has the default of <see cref="CtGanDefaults"/>.</summary>
public sealed class CtGanOptions
{
    /// <summary>
    /// What trains the networks: <see cref="ComputeEngine.Managed"/> (default, our compute core) or
    /// <see cref="ComputeEngine.TorchSharp"/> (libtorch; same batches, same model archive).
    /// </summary>
    public ComputeEngine Engine { get; set; } = ComputeEngine.Managed;

    /// <summary>The TorchSharp engine's device: "cpu" (default), "cuda" or "cuda:N" (needs TorchSharp-cuda-linux and a driver).</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Adversarial loss. Default <see cref="GanLoss.WassersteinGradientPenalty"/>.</summary>
    public GanLoss Loss { get; set; } = GanLoss.WassersteinGradientPenalty;

    /// <summary>Training epochs; an epoch is max(rows / batch, 1) steps. Default 300.</summary>
    public int Epochs { get; set; } = CtGanDefaults.Epochs;

    /// <summary>Rows per step; must be a multiple of <see cref="Pac"/>. Default 500.</summary>
    public int BatchSize { get; set; } = CtGanDefaults.BatchSize;

    /// <summary>Rows the critic judges together. Default 10.</summary>
    public int Pac { get; set; } = CtGanDefaults.Pac;

    /// <summary>Noise width. Default 128.</summary>
    public int EmbeddingDimension { get; set; } = CtGanDefaults.EmbeddingDimension;

    /// <summary>Generator residual block widths. Default 256, 256.</summary>
    public IReadOnlyList<int> GeneratorDimensions { get; set; } = CtGanDefaults.GeneratorDimensions;

    /// <summary>Critic hidden widths (two layers). Default 256, 256.</summary>
    public IReadOnlyList<int> CriticDimensions { get; set; } = CtGanDefaults.CriticDimensions;

    /// <summary>Adam learning rate of the generator. Default 2e-4.</summary>
    public float GeneratorLearningRate { get; set; } = CtGanDefaults.LearningRate;

    /// <summary>Adam learning rate of the critic. Default 2e-4.</summary>
    public float CriticLearningRate { get; set; } = CtGanDefaults.LearningRate;

    /// <summary>Weight decay of both networks. Default 1e-6.</summary>
    public float WeightDecay { get; set; } = CtGanDefaults.WeightDecay;

    /// <summary>Critic steps per generator step. Default 1.</summary>
    public int CriticSteps { get; set; } = CtGanDefaults.CriticSteps;

    /// <summary>Gradient-penalty weight λ (WGAN-GP only). Default 10.</summary>
    public float GradientPenaltyWeight { get; set; } = CtGanDefaults.GradientPenaltyWeight;

    /// <summary>Gumbel-softmax temperature. Default 0.2.</summary>
    public float GumbelTemperature { get; set; } = CtGanDefaults.GumbelTemperature;

    /// <summary>Seed of every random draw (weights, noise, sampling, dropout). Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>
    /// Options of the table encoder (its seed is <see cref="Seed"/>). Default: the encoder's defaults
    /// except <see cref="Encoding.TableEncoderOptions.ModeSelection"/> = most likely mode. Measured
    /// against drawing the mode from merged mixtures (docs/benchmarks.md): the 344 frauds (3 seeds, 3000
    /// epochs) KS 0.830 ± 0.011 vs 0.801 ± 0.026, correlation 0.928 ± 0.003 vs 0.929 ± 0.004.
    /// </summary>
    public Encoding.TableEncoderOptions Encoder { get; set; } = new() { ModeSelection = Encoding.ModeSelection.MostLikely };

    /// <summary>
    /// Differentially private training with this budget (default none): DP-SGD on the critic, the
    /// only network that sees real rows. Needs <see cref="Pac"/> = 1 and <see cref="GanLoss.Standard"/>
    /// or <see cref="GanLoss.LeastSquares"/>. Real batches are Poisson-sampled (rate
    /// <see cref="BatchSize"/> ÷ rows) instead of drawn by condition, every real row's critic gradient
    /// is clipped, noise is added, and the generator's conditions follow the categories' frequencies.
    /// The table encoder's and the condition sampler's statistics are not private
    /// (<see cref="DifferentialPrivacy.PrivacyReport.NotPrivate"/>).
    /// </summary>
    public DifferentialPrivacy.PrivacyOptions? Privacy { get; set; }

    /// <summary>Receives one report per epoch. Default none.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Write a checkpoint every this many epochs (0: never). Default 0.</summary>
    public int CheckpointEvery { get; set; }

    /// <summary>Where checkpoints are written (atomically, replacing the previous one). Default none.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>
    /// A copy that shares nothing a caller could change: the encoder and privacy options are copied too
    /// (the layer widths are read-only lists; <see cref="Progress"/> is the same receiver).
    /// </summary>
    public CtGanOptions Clone()
    {
        var copy = (CtGanOptions)MemberwiseClone();
        copy.Encoder = Encoder.Clone();
        copy.Privacy = Privacy?.Clone();
        copy.GeneratorDimensions = [.. GeneratorDimensions];
        copy.CriticDimensions = [.. CriticDimensions];
        return copy;
    }

    /// <summary>Throws a clear <see cref="ArgumentException"/> for an invalid combination.</summary>
    public void Validate()
    {
        if (Privacy is not null)
        {
            if (Pac != 1 || Loss == GanLoss.WassersteinGradientPenalty)
            {
                throw new ArgumentException($"Differentially private CTGAN needs Pac = 1 and the standard or least-squares loss (got pac {Pac}, {Loss}): a pack mixes rows, so one row's removal changes other packs, and the gradient penalty's per-row gradient cannot be clipped here. `fit --epsilon` sets both.");
            }

            if (Engine != ComputeEngine.Managed || CheckpointEvery > 0)
            {
                throw new ArgumentException("Differentially private training runs on the managed engine, without checkpoints (the accountant's state is not in them).");
            }
        }

        OptionChecks.AtLeast(Epochs, 1, nameof(Epochs));
        OptionChecks.AtLeast(BatchSize, 1, nameof(BatchSize));
        OptionChecks.AtLeast(Pac, 1, nameof(Pac));
        OptionChecks.AtLeast(EmbeddingDimension, 1, nameof(EmbeddingDimension));
        OptionChecks.AtLeast(CriticSteps, 1, nameof(CriticSteps));
        OptionChecks.AtLeast(CheckpointEvery, 0, nameof(CheckpointEvery));
        OptionChecks.Positive(GeneratorLearningRate, nameof(GeneratorLearningRate));
        OptionChecks.Positive(CriticLearningRate, nameof(CriticLearningRate));
        OptionChecks.AtLeast(WeightDecay, 0, nameof(WeightDecay));
        OptionChecks.AtLeast(GradientPenaltyWeight, 0, nameof(GradientPenaltyWeight));
        OptionChecks.Positive(GumbelTemperature, nameof(GumbelTemperature));
        if (BatchSize % Pac != 0)
        {
            throw OptionChecks.Refuse(nameof(BatchSize), BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"a multiple of pac ({Pac}): the critic judges rows in packs of {Pac}; try {Math.Max(Pac, BatchSize / Pac * Pac)}");
        }

        Encoder.Validate();
        Privacy?.Validate();

        if (GeneratorDimensions.Count == 0 || GeneratorDimensions.Any(d => d < 1))
        {
            throw new ArgumentException("GeneratorDimensions needs at least one positive width.");
        }

        if (CriticDimensions.Count != 2 || CriticDimensions.Any(d => d < 1))
        {
            throw new ArgumentException("CriticDimensions needs exactly two positive widths.");
        }

        if (CheckpointEvery < 0 || (CheckpointEvery > 0 && string.IsNullOrEmpty(CheckpointPath)))
        {
            throw new ArgumentException("CheckpointEvery > 0 needs a CheckpointPath.");
        }

        EngineChoice.Validate(Engine, Device);
        if (Engine != ComputeEngine.Managed && CheckpointEvery > 0)
        {
            throw new ArgumentException("Checkpoints are written by the managed engine only (they hold its optimizer state); train without CheckpointEvery on TorchSharp.");
        }
    }
}

/// <summary>One epoch's report.</summary>
/// <param name="Epoch">The epoch just finished, from 1.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="GeneratorLoss">Mean generator loss over the epoch's steps.</param>
/// <param name="CriticLoss">Mean critic loss over the epoch's steps.</param>
/// <param name="RowsPerSecond">Training rows per second in this epoch.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">Estimated time to the end.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, double GeneratorLoss, double CriticLoss, double RowsPerSecond, TimeSpan Elapsed, TimeSpan Remaining)
{
    /// <summary>In differentially private training, the ε spent so far (null otherwise).</summary>
    public double? EpsilonSpent { get; init; }

    /// <summary>
    /// A receiver that writes every tenth of the epochs (and the last) through <paramref name="info"/> as one
    /// line, then passes each report on to <paramref name="also"/> (the caller's own receiver, if any).
    /// </summary>
    internal static IProgress<TrainingProgress> Logged(string model, Action<string> info, IProgress<TrainingProgress>? also) => Logging.ContextLog.Relay<TrainingProgress>(p =>
    {
        if (p.Epoch % Math.Max(1, p.Epochs / 10) == 0 || p.Epoch == p.Epochs)
        {
            info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{model} epoch {p.Epoch}/{p.Epochs}: generator loss {p.GeneratorLoss:0.0000}, critic loss {p.CriticLoss:0.0000}, {p.RowsPerSecond:N0} rows/s, {p.Elapsed:hh\\:mm\\:ss} elapsed, {p.Remaining:hh\\:mm\\:ss} left{(p.EpsilonSpent is { } e ? $", ε spent {e:0.###}" : "")}"));
        }

        also?.Report(p);
    });
}

/// <summary>The losses of one epoch, kept in the model's history.</summary>
public sealed record EpochLoss(int Epoch, double GeneratorLoss, double CriticLoss);
