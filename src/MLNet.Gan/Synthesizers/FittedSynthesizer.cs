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

    /// <summary>The fitted table encoder (internal: its matrices are the compute core's).</summary>
    internal TableEncoder Encoder { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> EncodingRules => [.. Encoder.DescribeRules()];

    /// <inheritdoc />
    public IReadOnlyList<EpochLoss> History { get; }

    /// <inheritdoc />
    public string? Label { get; }

    /// <summary>What a differentially private training spent (ε, δ and the accountant's inputs); null when training was not private.</summary>
    public DifferentialPrivacy.PrivacyReport? Privacy { get; init; }

    /// <summary>Draws conditions from the training data's category counts (no rows kept).</summary>
    internal ConditionSampler Sampler { get; }

    internal IReadOnlyList<int[]> CategoryCounts => Sampler.CategoryCounts;

    /// <summary>Samples <paramref name="rows"/> synthetic rows; the same seed gives the same rows.</summary>
    public Table Sample(int rows, long seed = 0) => Sample(rows, null, null, seed);

    /// <inheritdoc />
    public abstract Table Sample(int rows, string? column, string? value, long seed = 0, bool roundIntegers = true);

    /// <summary>
    /// Samples with <paramref name="engine"/>: <see cref="ComputeEngine.Managed"/> as the other overloads;
    /// <see cref="ComputeEngine.TorchSharp"/> runs the networks in libtorch on <paramref name="device"/>
    /// ("cpu", "cuda", "cuda:N") with the same random draws, so the rows agree up to float rounding.
    /// </summary>
    public Table Sample(int rows, string? column, string? value, long seed, bool roundIntegers, ComputeEngine engine, string device = "cpu")
        => engine == ComputeEngine.Managed
            ? (device == "cpu" ? Sample(rows, column, value, seed, roundIntegers) : throw new ArgumentException($"The managed engine runs on the CPU; device '{device}' needs the TorchSharp engine."))
            : SampleOn(ExternalEngines.TorchSharp(), rows, column, value, seed, roundIntegers, device);

    /// <summary>
    /// The rows of <paramref name="shard"/> of an output of <paramref name="rows"/> rows, as chunks of
    /// <see cref="ChunkedSampling.ChunkRows"/> generated one at a time while enumerating (flat memory
    /// for any row count); the shards of one output concatenate to the unsharded output exactly.
    /// </summary>
    public IEnumerable<Table> SampleChunks(long rows, string? column, string? value, long seed, bool roundIntegers, ComputeEngine engine, string device, Shard shard)
        => ChunkedSampling.Chunks(Encoder, rows, seed, shard, (count, chunkSeed) => Sample(count, column, value, chunkSeed, roundIntegers, engine, device));

    /// <inheritdoc />
    public abstract void Save(string path);

    /// <summary>Samples through another engine.</summary>
    private protected abstract Table SampleOn(IExternalEngine engine, int rows, string? column, string? value, long seed, bool roundIntegers, string device);
}
