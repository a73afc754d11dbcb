using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>A trained synthesizer (CTGAN or TVAE): samples synthetic rows and saves itself.</summary>
public interface ISynthesizerModel
{
    /// <summary>The rules the fitted encoder applies to columns (log scale, point masses, linked zeros, pooled categories), one sentence each.</summary>
    IReadOnlyList<string> EncodingRules { get; }

    /// <summary>The label column of the training table, if any.</summary>
    string? Label { get; }

    /// <summary>The loss of every epoch (for TVAE: the loss in <see cref="EpochLoss.GeneratorLoss"/>, critic 0).</summary>
    IReadOnlyList<EpochLoss> History { get; }

    /// <summary>
    /// Samples <paramref name="rows"/> rows, optionally all with <paramref name="column"/> = <paramref name="value"/>
    /// (any discrete column). Integer columns are rounded unless <paramref name="roundIntegers"/> is false
    /// (training data for a classifier is better left unrounded: docs/benchmarks.md).
    /// </summary>
    Table Sample(int rows, string? column, string? value, long seed = 0, bool roundIntegers = true);

    /// <summary>Saves the model to one archive, atomically.</summary>
    void Save(string path);
}

/// <summary>Loads any saved synthesizer.</summary>
public static class SynthesizerModel
{
    /// <summary>Loads a CTGAN or TVAE model archive; a corrupt or foreign file gives a clear error.</summary>
    public static ISynthesizerModel Load(string path) => SynthesizerArchive.LoadAny(path);
}

/// <summary>
/// Gathers generated rows, keeping, under a condition, only rows whose one-hot span decodes to the
/// wanted category (so every output row matches), and only rows that keep the encoder's linked point
/// masses; giving up with a clear message when the model produces fewer than 1 % such rows.
/// </summary>
internal static class SampleCollector
{
    public static Table Collect(TableEncoder encoder, string? label, int rows, Func<Compute.Matrix> nextBatch, ConditionSampler sampler, string? column, string? value, bool roundIntegers, Compute.RandomStream decodeDraws)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        int start = 0, length = 0, wanted = -1;
        if (column is not null)
        {
            var (d, k) = sampler.Resolve(column, value ?? throw new ArgumentNullException(nameof(value), "A condition needs a value."));
            (start, length, wanted) = (sampler.EncodedOffset(d), sampler.CategoryCount(d), k);
        }

        var result = new Compute.Matrix(rows, encoder.Width);
        int kept = 0;
        long generated = 0;
        while (kept < rows)
        {
            var batch = nextBatch();
            generated += batch.Rows;
            for (int r = 0; r < batch.Rows && kept < rows; r++)
            {
                if ((wanted < 0 || ContinuousEncoder.ArgMax(batch.Row(r).Slice(start, length)) == wanted) && encoder.KeepsLinks(batch.Row(r)))
                {
                    batch.Row(r).CopyTo(result.Row(kept++));
                }
            }

            if (kept < rows && generated >= 100L * Math.Max(rows, batch.Rows))
            {
                throw new InvalidOperationException(wanted >= 0
                    ? $"Only {kept} of {generated} generated rows had {column} = {value} (and kept the linked point masses); the model has not learned that value. Train longer, or check the value."
                    : $"Only {kept} of {generated} generated rows kept the linked point masses ({string.Join("; ", encoder.Links.Select(l => l.Describe(encoder)))}); train longer, or fit with TableEncoderOptions.LinkPointMasses = false.");
            }
        }

        return encoder.InverseTransform(result, label, roundIntegers, decodeDraws);
    }
}
