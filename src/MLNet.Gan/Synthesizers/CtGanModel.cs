using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>A trained CTGAN: samples synthetic rows, unconditionally or with a condition on any discrete column.</summary>
public sealed class CtGanModel
{
    private readonly Generator _generator;
    private readonly RandomStream _gumbel;
    private readonly ConditionSampler _sampler;

    internal CtGanModel(TableEncoder encoder, IReadOnlyList<int[]> categoryCounts, Generator generator, RandomStream gumbel, CtGanOptions options, IReadOnlyList<EpochLoss> history, string? label)
    {
        Encoder = encoder;
        _generator = generator;
        _gumbel = gumbel;
        _sampler = new ConditionSampler(encoder, categoryCounts);
        Options = options;
        History = history;
        Label = label;
    }

    /// <summary>The fitted table encoder.</summary>
    public TableEncoder Encoder { get; }

    /// <summary>The options the model was trained with.</summary>
    public CtGanOptions Options { get; }

    /// <summary>Generator and critic loss of every epoch.</summary>
    public IReadOnlyList<EpochLoss> History { get; }

    /// <summary>The label column of the training table, if any (kept on sampled tables).</summary>
    public string? Label { get; }

    internal Generator Generator => _generator;

    internal IReadOnlyList<int[]> CategoryCounts => _sampler.CategoryCounts;

    /// <summary>Samples <paramref name="rows"/> synthetic rows; the same seed gives the same rows.</summary>
    public Table Sample(int rows, long seed = 0) => Sample(rows, null, null, seed);

    /// <summary>
    /// Samples rows whose discrete column <paramref name="column"/> equals <paramref name="value"/>: the
    /// generator is conditioned on it, and rows it decodes otherwise are drawn again (so every row
    /// matches). Any discrete column can be conditioned, not only the first.
    /// </summary>
    public Table Sample(int rows, string? column, string? value, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        bool conditioned = column is not null;
        if (conditioned && value is null)
        {
            throw new ArgumentNullException(nameof(value), "A condition needs a value.");
        }

        int batch = Math.Max(Options.BatchSize, 1);
        int e = Options.EmbeddingDimension, c = _sampler.ConditionWidth, w = Encoder.Width;
        var noise = RandomStream.Create(seed, streamId: 101);
        var conditions = RandomStream.Create(seed, streamId: 102);
        _gumbel.SetState(RandomStream.Create(seed, streamId: 103).GetState());
        var input = new Matrix(batch, e + c);
        var condition = new Matrix(batch, c);
        int spanStart = 0, spanLength = 0, wanted = -1;
        if (conditioned)
        {
            var (d, k) = _sampler.Resolve(column!, value!);
            (spanStart, spanLength, wanted) = (_sampler.EncodedOffset(d), _sampler.CategoryCount(d), k);
            _sampler.FillUserCondition(column!, value!, condition);
        }

        var result = new Matrix(rows, w);
        int kept = 0;
        long generated = 0;
        while (kept < rows)
        {
            if (conditioned && generated >= 100L * Math.Max(rows, batch))
            {
                throw new InvalidOperationException(
                    $"Only {kept} of {generated} generated rows had {column} = {value}; the generator has not learned that condition. Train longer, or check the value.");
            }

            for (int r = 0; r < batch; r++)
            {
                noise.FillNormal(input.Row(r)[..e]);
            }

            if (c > 0)
            {
                if (!conditioned)
                {
                    _sampler.SampleForGeneration(conditions, condition);
                }

                for (int r = 0; r < batch; r++)
                {
                    condition.Row(r).CopyTo(input.Row(r)[e..]);
                }
            }

            var fake = _generator.Forward(input, training: false);
            generated += batch;
            for (int r = 0; r < batch && kept < rows; r++)
            {
                // a conditioned row is kept only if it decodes to the asked category
                if (!conditioned || ContinuousEncoder.ArgMax(fake.Row(r).Slice(spanStart, spanLength)) == wanted)
                {
                    fake.Row(r).CopyTo(result.Row(kept++));
                }
            }
        }

        return Encoder.InverseTransform(result, Label);
    }

    /// <summary>Saves the whole model (encoder, generator, options, history) to one archive, atomically.</summary>
    public void Save(string path) => SynthesizerArchive.Save(path, this);

    /// <summary>Loads a model saved by <see cref="Save"/>; a corrupt or foreign file gives a clear error.</summary>
    public static CtGanModel Load(string path) => SynthesizerArchive.Load(path);
}
