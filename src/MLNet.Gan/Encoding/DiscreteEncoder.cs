using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Encoding;

/// <summary>
/// One-hot encoding of a categorical column over the categories seen when fitting. A column with
/// very many categories (a merchant, a device, a postcode) keeps its most frequent ones and pools the
/// rest into one extra category, so the one-hot block and CTGAN's condition vector stay small; a
/// generated row in the pool gets one of the pooled categories drawn by their training frequencies.
/// </summary>
internal sealed class DiscreteEncoder : ColumnEncoder
{
    private readonly Dictionary<string, int> _index;
    private readonly double[] _pooledCdf;

    /// <summary>Creates the encoder over <paramref name="categories"/>, with <paramref name="pooled"/> (and their training counts) sharing one extra one-hot position.</summary>
    public DiscreteEncoder(string name, IReadOnlyList<string> categories, IReadOnlyList<string>? pooled = null, IReadOnlyList<int>? pooledCounts = null)
        : base(name)
    {
        Categories = categories;
        Pooled = pooled ?? [];
        PooledCounts = pooledCounts ?? [.. Enumerable.Repeat(1, Pooled.Count)];
        if (PooledCounts.Count != Pooled.Count)
        {
            throw new ArgumentException($"{Pooled.Count} pooled categories but {PooledCounts.Count} counts.", nameof(pooledCounts));
        }

        _index = new Dictionary<string, int>(categories.Count + Pooled.Count, StringComparer.Ordinal);
        for (int i = 0; i < categories.Count; i++)
        {
            _index.Add(categories[i], i);
        }

        foreach (string category in Pooled)
        {
            _index.Add(category, categories.Count);
        }

        _pooledCdf = CumulativeDistribution.Of(PooledCounts.Select(c => (double)c));
    }

    /// <summary>The categories with a one-hot position of their own, in one-hot order.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Rare categories that share the last one-hot position (empty: no pooling).</summary>
    public IReadOnlyList<string> Pooled { get; }

    /// <summary>The training rows of each pooled category (what sampling draws them by).</summary>
    public IReadOnlyList<int> PooledCounts { get; }

    /// <inheritdoc />
    public override int Width => Categories.Count + (Pooled.Count > 0 ? 1 : 0);

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Discrete;

    /// <inheritdoc />
    public override IEnumerable<(SpanRole Role, int Start, int Length)> LocalSpans
    {
        get { yield return (SpanRole.Category, 0, Width); }
    }

    /// <summary>The one-hot position of a category (the pool's for a pooled one), or −1.</summary>
    public int IndexOf(string category) => _index.TryGetValue(category, out int i) ? i : -1;

    /// <summary>Whether <paramref name="category"/> is one of the pooled rare categories.</summary>
    public bool IsPooled(string category) => Pooled.Count > 0 && IndexOf(category) == Categories.Count;

    /// <inheritdoc />
    public override void Encode(Column column, Matrix output, int offset, RandomStream rng, ModeSelection modeSelection = ModeSelection.Sample, bool unknownAsZeros = false)
    {
        var c = (CategoricalColumn)column;
        var map = new int[c.Categories.Count];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = IndexOf(c.Categories[i]);
        }

        for (int r = 0; r < c.Length; r++)
        {
            var row = output.Row(r).Slice(offset, Width);
            row.Clear();
            int code = map[c.Codes[r]];
            if (code < 0 && unknownAsZeros)
            {
                continue;
            }

            if (code < 0)
            {
                throw new DataFormatException($"row {r + 1} has category '{c.Categories[c.Codes[r]]}', which the encoder did not see when fitted. Known: {string.Join(", ", Categories.Take(20))}.", column: Name);
            }

            row[code] = 1f;
        }
    }

    /// <summary>
    /// Decodes the one-hot block (the argmax); a row in the pool gets a pooled category drawn by
    /// training frequency from <paramref name="draws"/> (one draw per such row, in row order; a fixed
    /// stream when none is given).
    /// </summary>
    public override Column Decode(Matrix encoded, int offset, bool roundIntegers = true, RandomStream? draws = null)
    {
        var codes = new int[encoded.Rows];
        for (int r = 0; r < codes.Length; r++)
        {
            codes[r] = ContinuousEncoder.ArgMax(encoded.Row(r).Slice(offset, Width));
        }

        if (Pooled.Count == 0)
        {
            return new CategoricalColumn(Name, codes, Categories);
        }

        draws ??= RandomStream.Create(0, streamId: 0x9001);
        for (int r = 0; r < codes.Length; r++)
        {
            if (codes[r] == Categories.Count)
            {
                codes[r] = Categories.Count + CumulativeDistribution.Pick(_pooledCdf, draws);
            }
        }

        return new CategoricalColumn(Name, codes, [.. Categories, .. Pooled]);
    }
}
