using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>A trained CTGAN: samples synthetic rows, unconditionally or with a condition on any discrete column.</summary>
public sealed class CtGanModel : ISynthesizerModel
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
    public Table Sample(int rows, string? column, string? value, long seed = 0, bool roundIntegers = true)
    {
        int batch = Math.Max(Options.BatchSize, 1);
        int e = Options.EmbeddingDimension, c = _sampler.ConditionWidth;
        var noise = RandomStream.Create(seed, streamId: 101);
        var conditions = RandomStream.Create(seed, streamId: 102);
        _gumbel.SetState(RandomStream.Create(seed, streamId: 103).GetState());
        var input = new Matrix(batch, e + c);
        var condition = new Matrix(batch, c);
        if (column is not null)
        {
            // the generator is asked for the value; rows that decode otherwise are dropped
            _sampler.FillUserCondition(column, value ?? throw new ArgumentNullException(nameof(value)), condition);
        }

        return SampleCollector.Collect(Encoder, Label, rows, NextBatch, _sampler, column, value, roundIntegers);

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
                    _sampler.SampleForGeneration(conditions, condition);
                }

                for (int r = 0; r < batch; r++)
                {
                    condition.Row(r).CopyTo(input.Row(r)[e..]);
                }
            }

            return _generator.Forward(input, training: false);
        }
    }

    /// <summary>Saves the whole model (encoder, generator, options, history) to one archive, atomically.</summary>
    public void Save(string path) => SynthesizerArchive.Save(path, this);

    /// <summary>Loads a model saved by <see cref="Save"/>; a corrupt or foreign file gives a clear error.</summary>
    public static CtGanModel Load(string path) => SynthesizerArchive.Load(path);
}
