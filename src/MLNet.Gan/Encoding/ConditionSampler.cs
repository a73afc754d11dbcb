using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Encoding;

/// <summary>
/// Training by sampling (CTGAN): conditions on discrete columns. A condition is one category of one
/// discrete column, written as a one-hot over all categories of all discrete columns. Training draws
/// the column uniformly and the category with probability ∝ log(1 + count), so rare categories (the
/// fraud class) are seen often enough to be learned; real rows for the critic are drawn among rows
/// that have the same category.
/// </summary>
internal sealed class ConditionSampler
{
    private readonly int[] _tableColumn;
    private readonly int[] _conditionOffset;
    private readonly int[] _encodedOffset;
    private readonly int[] _categoryCount;
    private readonly double[][] _logFrequencyCdf;
    private readonly double[][] _frequencyCdf;
    private readonly int[][][] _rowsByCategory;
    private readonly string[] _names;
    private readonly DiscreteEncoder[] _encoders;
    private readonly int[][] _counts;

    /// <summary>Builds the sampler for <paramref name="table"/> as encoded by <paramref name="encoder"/>.</summary>
    public ConditionSampler(TableEncoder encoder, Table table)
        : this(encoder, table, null)
    {
    }

    /// <summary>
    /// Builds a sampler for generation only, from the category counts of the training data (what a
    /// saved model keeps): it draws conditions but has no real rows to look up.
    /// </summary>
    public ConditionSampler(TableEncoder encoder, IReadOnlyList<int[]> categoryCounts)
        : this(encoder, null, categoryCounts)
    {
    }

    private ConditionSampler(TableEncoder encoder, Table? table, IReadOnlyList<int[]>? categoryCounts)
    {
        var discrete = Enumerable.Range(0, encoder.Columns.Count).Where(i => encoder.Columns[i] is DiscreteEncoder).ToArray();
        int n = discrete.Length;
        (_tableColumn, _conditionOffset, _encodedOffset, _categoryCount) = (new int[n], new int[n], new int[n], new int[n]);
        (_logFrequencyCdf, _frequencyCdf, _rowsByCategory) = (new double[n][], new double[n][], new int[n][][]);
        _names = new string[n];
        _counts = new int[n][];
        _encoders = new DiscreteEncoder[n];
        int offset = 0;
        for (int d = 0; d < n; d++)
        {
            int i = discrete[d];
            var enc = (DiscreteEncoder)encoder.Columns[i];
            _encoders[d] = enc;
            _names[d] = enc.Name;
            _tableColumn[d] = i;
            _encodedOffset[d] = encoder.OffsetOf(i);
            _conditionOffset[d] = offset;
            _categoryCount[d] = enc.Width; // the pool of rare categories, if any, is one category here
            offset += enc.Width;

            var rows = new List<int>[enc.Width];
            for (int k = 0; k < rows.Length; k++)
            {
                rows[k] = [];
            }

            int[] counts;
            if (table is not null)
            {
                var column = (CategoricalColumn)table[enc.Name];
                var map = column.Categories.Select(enc.IndexOf).ToArray();
                for (int r = 0; r < column.Length; r++)
                {
                    rows[map[column.Codes[r]]].Add(r);
                }

                counts = [.. rows.Select(l => l.Count)];
            }
            else
            {
                counts = categoryCounts![d];
            }

            _counts[d] = counts;
            _rowsByCategory[d] = [.. rows.Select(l => l.ToArray())];
            _logFrequencyCdf[d] = CumulativeDistribution.Of(counts.Select(c => Math.Log(1 + c)));
            _frequencyCdf[d] = CumulativeDistribution.Of(counts.Select(c => (double)c));
        }

        ConditionWidth = offset;
        Encoder = encoder;
    }

    /// <summary>Rows per category of each discrete column in the training data (saved with a model).</summary>
    public IReadOnlyList<int[]> CategoryCounts => _counts;

    /// <summary>The encoder whose layout the conditions refer to.</summary>
    public TableEncoder Encoder { get; }

    /// <summary>Width of a condition vector (0 without discrete columns).</summary>
    public int ConditionWidth { get; }

    /// <summary>Number of discrete columns that can be conditioned on.</summary>
    public int DiscreteColumnCount => _tableColumn.Length;

    /// <summary>Where discrete column <paramref name="d"/>'s one-hot starts in the encoded rows.</summary>
    public int EncodedOffset(int d) => _encodedOffset[d];

    /// <summary>Where discrete column <paramref name="d"/>'s one-hot starts in a condition vector.</summary>
    public int ConditionOffset(int d) => _conditionOffset[d];

    /// <summary>Number of categories of discrete column <paramref name="d"/>.</summary>
    public int CategoryCount(int d) => _categoryCount[d];

    /// <summary>
    /// Draws a training condition per row: column d uniformly, category by log-frequency (or, with
    /// <paramref name="byFrequency"/>, by frequency: differentially private training, whose real rows
    /// are not chosen to match the conditions); writes <paramref name="column"/>,
    /// <paramref name="category"/> and the one-hot <paramref name="condition"/> (B, ConditionWidth).
    /// </summary>
    public void SampleForTraining(RandomStream rng, Span<int> column, Span<int> category, Matrix condition, bool byFrequency = false)
    {
        condition.Clear();
        var cdfs = byFrequency ? _frequencyCdf : _logFrequencyCdf;
        for (int r = 0; r < column.Length; r++)
        {
            int d = rng.NextInt(DiscreteColumnCount);
            int k = CumulativeDistribution.Pick(cdfs[d], rng);
            column[r] = d;
            category[r] = k;
            condition[r, _conditionOffset[d] + k] = 1f;
        }
    }

    /// <summary>Draws a real row index whose discrete column <paramref name="d"/> has category <paramref name="k"/>.</summary>
    public int SampleRealRow(int d, int k, RandomStream rng)
    {
        var rows = _rowsByCategory[d][k];
        if (rows.Length == 0)
        {
            throw new InvalidOperationException("This sampler was built from category counts and has no rows to look up.");
        }

        return rows[rng.NextInt(rows.Length)];
    }

    /// <summary>
    /// Draws conditions for unconditional sampling: column uniformly, category by its frequency in the
    /// training data, so that sampled marginals follow the data (log-frequency would flatten them).
    /// </summary>
    public void SampleForGeneration(RandomStream rng, Matrix condition)
    {
        condition.Clear();
        for (int r = 0; r < condition.Rows; r++)
        {
            int d = rng.NextInt(DiscreteColumnCount);
            condition[r, _conditionOffset[d] + CumulativeDistribution.Pick(_frequencyCdf[d], rng)] = 1f;
        }
    }

    /// <summary>Sets the condition "<paramref name="columnName"/> = <paramref name="value"/>" on every row, for any discrete column.</summary>
    public void FillUserCondition(string columnName, string value, Matrix condition)
    {
        var (d, k) = Resolve(columnName, value);
        condition.Clear();
        for (int r = 0; r < condition.Rows; r++)
        {
            condition[r, _conditionOffset[d] + k] = 1f;
        }
    }

    /// <summary>The discrete column index and category index of a condition, with clear errors for unknown ones.</summary>
    public (int Column, int Category) Resolve(string columnName, string value)
    {
        int d = Array.IndexOf(_names, columnName);
        if (d < 0)
        {
            throw new ArgumentException($"Cannot condition on '{columnName}': it is not a discrete column. Discrete columns: {string.Join(", ", _names)}.", nameof(columnName));
        }

        if (_encoders[d].IsPooled(value))
        {
            throw new ArgumentException($"Cannot condition on {columnName} = '{value}': it is one of the {_encoders[d].Pooled.Count:N0} rare categories pooled together when fitting (the {_encoders[d].Categories.Count:N0} most frequent are modelled one by one; TableEncoderOptions.MaxCategories, fit --max-categories).", nameof(value));
        }

        int k = _encoders[d].IndexOf(value);
        if (k < 0)
        {
            throw new ArgumentException($"Column '{columnName}' has no category '{value}'. Categories: {string.Join(", ", _encoders[d].Categories.Take(30))}.", nameof(value));
        }

        return (d, k);
    }
}
