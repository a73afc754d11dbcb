using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>What every trained synthesizer keeps: the encoder, the label, the loss history and the category counts its conditions are drawn from.</summary>
public abstract class FittedSynthesizer : ISynthesizerModel
{
    private protected FittedSynthesizer(TableEncoder encoder, IReadOnlyList<int[]> categoryCounts, IReadOnlyList<EpochLoss> history, string? label)
    {
        Encoder = encoder;
        Sampler = new ConditionSampler(encoder, categoryCounts);
        History = history;
        Label = label;
    }

    /// <inheritdoc />
    public TableEncoder Encoder { get; }

    /// <inheritdoc />
    public IReadOnlyList<EpochLoss> History { get; }

    /// <inheritdoc />
    public string? Label { get; }

    /// <summary>Draws conditions from the training data's category counts (no rows kept).</summary>
    internal ConditionSampler Sampler { get; }

    internal IReadOnlyList<int[]> CategoryCounts => Sampler.CategoryCounts;

    /// <summary>Samples <paramref name="rows"/> synthetic rows; the same seed gives the same rows.</summary>
    public Table Sample(int rows, long seed = 0) => Sample(rows, null, null, seed);

    /// <inheritdoc />
    public abstract Table Sample(int rows, string? column, string? value, long seed = 0, bool roundIntegers = true);

    /// <inheritdoc />
    public abstract void Save(string path);
}
