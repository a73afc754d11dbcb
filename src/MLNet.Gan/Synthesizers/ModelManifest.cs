using MLNet.Gan.DifferentialPrivacy;

namespace MLNet.Gan.Synthesizers;

/// <summary>The JSON manifest of a model archive: what is needed to rebuild the networks, and the history.</summary>
internal sealed class ModelManifest
{
    public int Format { get; set; } = 1;

    public string Synthesizer { get; set; } = "ctgan";

    public string? Label { get; set; }

    public string Loss { get; set; } = nameof(GanLoss.WassersteinGradientPenalty);

    public int Epochs { get; set; }

    public int BatchSize { get; set; }

    public int Pac { get; set; }

    public int EmbeddingDimension { get; set; }

    public int[] GeneratorDimensions { get; set; } = [];

    public int[] CriticDimensions { get; set; } = [];

    public float GeneratorLearningRate { get; set; }

    public float CriticLearningRate { get; set; }

    public float WeightDecay { get; set; }

    public int CriticSteps { get; set; }

    public float GradientPenaltyWeight { get; set; }

    public float GumbelTemperature { get; set; }

    public long Seed { get; set; }

    public int? CheckpointEpoch { get; set; }

    public List<EpochLoss> History { get; set; } = [];

    /// <summary>What a differentially private training spent (ε, δ and the accountant's inputs); null when training was not private.</summary>
    public PrivacyReport? Privacy { get; set; }

    /// <summary>With <see cref="Privacy"/>: the accountant that counted it (written for readers of the archive).</summary>
    public string? PrivacyAccountant => Privacy is null ? null : PrivacyReport.Accountant;

    /// <summary>With <see cref="Privacy"/>: what the guarantee does not cover (written for readers of the archive).</summary>
    public string? PrivacyNotCovered => Privacy is null ? null : PrivacyReport.NotPrivate;

    public static ModelManifest From(CtGanOptions o, IReadOnlyList<EpochLoss> history, string? label, int? checkpointEpoch, PrivacyReport? privacy) => new()
    {
        Privacy = privacy,
        Label = label,
        Loss = o.Loss.ToString(),
        Epochs = o.Epochs,
        BatchSize = o.BatchSize,
        Pac = o.Pac,
        EmbeddingDimension = o.EmbeddingDimension,
        GeneratorDimensions = [.. o.GeneratorDimensions],
        CriticDimensions = [.. o.CriticDimensions],
        GeneratorLearningRate = o.GeneratorLearningRate,
        CriticLearningRate = o.CriticLearningRate,
        WeightDecay = o.WeightDecay,
        CriticSteps = o.CriticSteps,
        GradientPenaltyWeight = o.GradientPenaltyWeight,
        GumbelTemperature = o.GumbelTemperature,
        Seed = o.Seed,
        CheckpointEpoch = checkpointEpoch,
        History = [.. history],
    };

    /// <summary>A TVAE's manifest: latent width in EmbeddingDimension, hidden widths in GeneratorDimensions.</summary>
    public static ModelManifest From(TvaeOptions o, IReadOnlyList<EpochLoss> history, string? label, PrivacyReport? privacy) => new()
    {
        Privacy = privacy,
        Synthesizer = "tvae",
        Label = label,
        Loss = "Elbo",
        Epochs = o.Epochs,
        BatchSize = o.BatchSize,
        EmbeddingDimension = o.LatentDimension,
        GeneratorDimensions = [.. o.HiddenDimensions],
        GeneratorLearningRate = o.LearningRate,
        WeightDecay = o.WeightDecay,
        Seed = o.Seed,
        History = [.. history],
    };

    public TvaeOptions ToTvaeOptions() => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        LatentDimension = EmbeddingDimension,
        HiddenDimensions = GeneratorDimensions,
        LearningRate = GeneratorLearningRate,
        WeightDecay = WeightDecay,
        Seed = Seed,
    };

    public CtGanOptions ToOptions() => new()
    {
        Loss = Enum.Parse<GanLoss>(Loss),
        Epochs = Epochs,
        BatchSize = BatchSize,
        Pac = Pac,
        EmbeddingDimension = EmbeddingDimension,
        GeneratorDimensions = GeneratorDimensions,
        CriticDimensions = CriticDimensions,
        GeneratorLearningRate = GeneratorLearningRate,
        CriticLearningRate = CriticLearningRate,
        WeightDecay = WeightDecay,
        CriticSteps = CriticSteps,
        GradientPenaltyWeight = GradientPenaltyWeight,
        GumbelTemperature = GumbelTemperature,
        Seed = Seed,
    };
}
