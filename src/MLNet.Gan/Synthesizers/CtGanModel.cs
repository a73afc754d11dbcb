using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>A trained CTGAN: samples synthetic rows, unconditionally or with a condition on any discrete column.</summary>
public sealed class CtGanModel : FittedSynthesizer
{
    private readonly Generator _generator;
    private readonly RandomStream _gumbel;

    internal CtGanModel(TableEncoder encoder, IReadOnlyList<int[]> categoryCounts, Generator generator, RandomStream gumbel, CtGanOptions options, IReadOnlyList<EpochLoss> history, string? label)
        : base(encoder, categoryCounts, history, label)
    {
        _generator = generator;
        _gumbel = gumbel;
        Options = options;
    }

    /// <summary>The options the model was trained with.</summary>
    public CtGanOptions Options { get; }

    internal Generator Generator => _generator;

    /// <summary>The trained critic, kept in memory by <see cref="CtGan.Fit(Table, CancellationToken)"/> to score rows; null once saved and loaded (sampling needs only the generator).</summary>
    internal PackedCritic? Critic { get; init; }

    /// <summary>
    /// Samples rows whose discrete column <paramref name="column"/> equals <paramref name="value"/>: the
    /// generator is conditioned on it, and rows it decodes otherwise are drawn again (so every row
    /// matches). Any discrete column can be conditioned, not only the first.
    /// </summary>
    public override Table Sample(int rows, string? column, string? value, long seed = 0, bool roundIntegers = true)
        => Sample(rows, column, value, seed, roundIntegers, input => _generator.Forward(input, training: false));

    /// <inheritdoc />
    private protected override Table SampleOn(IExternalEngine engine, int rows, string? column, string? value, long seed, bool roundIntegers, string device)
        => engine.SampleCtGan(this, rows, column, value, seed, roundIntegers, device);

    /// <summary>
    /// Samples as <see cref="Sample(int, string?, string?, long, bool)"/> does, with <paramref name="generate"/>
    /// mapping [noise | condition] (B, E + C) to activated rows (another engine's forward pass, whose logits
    /// go through <see cref="Generator.Activate"/> so the Gumbel draws are the same).
    /// </summary>
    internal Table Sample(int rows, string? column, string? value, long seed, bool roundIntegers, Func<Matrix, Matrix> generate)
    {
        int batch = Math.Max(Options.BatchSize, 1);
        int e = Options.EmbeddingDimension, c = Sampler.ConditionWidth;
        var noise = RandomStream.Create(seed, streamId: 101);
        var conditions = RandomStream.Create(seed, streamId: 102);
        _gumbel.SetState(RandomStream.Create(seed, streamId: 103).GetState());
        var input = new Matrix(batch, e + c);
        var condition = new Matrix(batch, c);
        if (column is not null)
        {
            // the generator is asked for the value; rows that decode otherwise are dropped
            Sampler.FillUserCondition(column, value ?? throw new ArgumentNullException(nameof(value)), condition);
        }

        return SampleCollector.Collect(Encoder, Label, rows, NextBatch, Sampler, column, value, roundIntegers, RandomStream.Create(seed, streamId: 104));

        Matrix NextBatch()
        {
            for (int r = 0; r < batch; r++)
            {
                noise.FillNormal(input.Row(r)[..e]);
            }

            if (c > 0)
            {
                if (column is null)
                {
                    Sampler.SampleForGeneration(conditions, condition);
                }

                for (int r = 0; r < batch; r++)
                {
                    condition.Row(r).CopyTo(input.Row(r)[e..]);
                }
            }

            return generate(input);
        }
    }

    /// <summary>Saves the whole model (encoder, generator, options, history) to one archive, atomically.</summary>
    public override void Save(string path) => SynthesizerArchive.Save(path, this);

    /// <summary>Loads a model saved by <see cref="Save"/>; a corrupt or foreign file gives a clear error.</summary>
    public static CtGanModel Load(string path) => SynthesizerArchive.Load(path);
}
