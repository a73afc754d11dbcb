using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// Rows recoded so that the privacy metrics' row distance — the mean over columns of
/// min(|x − y| / range_real, 1) for numbers and 0/1 for categories — becomes one formula for every
/// column: Σ_j min(|x_j − y_j|, 1) / columns. Numbers are scaled by the real column's range;
/// categories become their real code (codes differ by at least 1, so a mismatch costs exactly 1);
/// a missing cell becomes a far-off sentinel (missing vs missing costs 0, missing vs a value 1).
/// Stored column-major, rows padded to a multiple of the SIMD width with rows at the largest distance.
/// </summary>
public sealed class DistanceSpace
{
    /// <summary>Code of a missing numeric cell: further than 1 from any scaled value, exactly 0 from itself.</summary>
    internal const float Missing = 1e6f;

    /// <summary>Code of a category the real data does not have: at least 1 from every real code.</summary>
    internal const float UnknownCategory = -2f;

    /// <summary>Value of padding rows: at distance 1 in every column from any real or synthetic row.</summary>
    internal const float Padding = -1e9f;

    internal const int Width = 16;

    private DistanceSpace(float[] values, int rows, int columns, int stride)
        => (Values, Rows, Columns, Stride) = (values, rows, columns, stride);

    /// <summary>Number of rows (without padding).</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Row capacity of each column in <see cref="Values"/>: <see cref="Rows"/> rounded up to the SIMD width.</summary>
    internal int Stride { get; }

    /// <summary>Column-major values: column j occupies [j × Stride, (j + 1) × Stride).</summary>
    internal float[] Values { get; }

    /// <summary>Recodes <paramref name="table"/> (aligned to <paramref name="real"/>) into the real table's distance space.</summary>
    public static DistanceSpace Encode(Table real, Table table)
    {
        int rows = table.RowCount, columns = real.Columns.Count;
        var (values, stride) = Allocate(rows, columns);
        for (int j = 0; j < columns; j++)
        {
            var target = values.AsSpan(j * stride, rows);
            switch (real.Columns[j], table.Columns[j])
            {
                case (NumericColumn r, NumericColumn t):
                    double min = double.IsNaN(r.Min) ? 0 : r.Min;
                    double range = double.IsNaN(r.Max) || r.Max <= r.Min ? 1 : r.Max - r.Min;
                    for (int i = 0; i < rows; i++)
                    {
                        double v = t.Values[i];
                        target[i] = double.IsNaN(v) ? Missing : (float)((v - min) / range);
                    }

                    break;
                case (CategoricalColumn r, CategoricalColumn t):
                    var map = new float[t.Categories.Count];
                    for (int c = 0; c < map.Length; c++)
                    {
                        int code = r.CodeOf(t.Categories[c]);
                        map[c] = code < 0 ? UnknownCategory : code;
                    }

                    for (int i = 0; i < rows; i++)
                    {
                        target[i] = map[t.Codes[i]];
                    }

                    break;
                default:
                    throw new DataFormatException("the column's type differs between the tables.", column: real.Columns[j].Name);
            }
        }

        return new DistanceSpace(values, rows, columns, stride);
    }

    /// <summary>
    /// <paramref name="count"/> rows drawn uniformly from the real data's domain: numbers uniform over the
    /// real range (missing as often as in the real column), categories uniform over the real categories.
    /// The baseline that DCR baseline protection compares synthetic rows against.
    /// </summary>
    public static DistanceSpace UniformRandom(Table real, int count, long seed)
    {
        int columns = real.Columns.Count;
        var (values, stride) = Allocate(count, columns);
        var rng = RandomStream.Create(seed, streamId: 0xDC2);
        for (int j = 0; j < columns; j++)
        {
            var target = values.AsSpan(j * stride, count);
            var column = real.Columns[j];
            double missingShare = column is NumericColumn n ? n.MissingCount / (double)Math.Max(1, n.Length) : 0;
            int categories = column is CategoricalColumn c ? c.Categories.Count : 0;
            for (int i = 0; i < count; i++)
            {
                target[i] = categories > 0 ? rng.NextInt(categories)
                    : rng.NextDouble() < missingShare ? Missing
                    : (float)rng.NextDouble();
            }
        }

        return new DistanceSpace(values, count, columns, stride);
    }

    /// <summary>The rows at <paramref name="rows"/>, as a new space.</summary>
    public DistanceSpace Select(ReadOnlySpan<int> rows)
    {
        var (values, stride) = Allocate(rows.Length, Columns);
        for (int j = 0; j < Columns; j++)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                values[(j * stride) + i] = Values[(j * Stride) + rows[i]];
            }
        }

        return new DistanceSpace(values, rows.Length, Columns, stride);
    }

    /// <summary>Column-major storage for <paramref name="rows"/> rows, padded to the SIMD width with padding rows.</summary>
    private static (float[] Values, int Stride) Allocate(int rows, int columns)
    {
        int stride = Math.Max(Width, (rows + Width - 1) / Width * Width);
        var values = new float[columns * stride];
        Array.Fill(values, Padding);
        return (values, stride);
    }

    /// <summary>The row distance between row <paramref name="a"/> of this space and row <paramref name="b"/> of <paramref name="other"/> (scalar; for tests and single lookups).</summary>
    public float Distance(int a, DistanceSpace other, int b)
    {
        float sum = 0;
        for (int j = 0; j < Columns; j++)
        {
            sum += MathF.Min(MathF.Abs(Values[(j * Stride) + a] - other.Values[(j * other.Stride) + b]), 1f);
        }

        return sum * (1f / Columns); // the same rounding as the blocked search
    }
}
