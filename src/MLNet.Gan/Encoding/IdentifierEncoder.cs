using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Encoding;

/// <summary>
/// An identifier column (every value a distinct whole number: an account number, a saved row
/// index): it carries no pattern to learn, so nothing is encoded, and decoding writes fresh
/// identifiers, Max + 1, Max + 2 … (unique within one decode, never one of the training values).
/// </summary>
internal sealed class IdentifierEncoder(string name, double max, string missingToken) : ColumnEncoder(name)
{
    /// <summary>The largest training identifier.</summary>
    public double Max { get; } = max;

    /// <summary>How missing cells are written (identifiers are never missing when decoded).</summary>
    public string MissingToken { get; } = missingToken;

    /// <inheritdoc />
    public override int Width => 0;

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Continuous;

    /// <inheritdoc />
    public override IEnumerable<(SpanRole Role, int Start, int Length)> LocalSpans => [];

    /// <summary>
    /// Whether <paramref name="column"/> looks like an identifier: whole numbers, none missing, every
    /// value distinct, and at least 1,000 rows or a name such as "id", "…_id", "index" or an unnamed
    /// column (in a few hundred rows a measured integer, such as seconds, is distinct by chance).
    /// </summary>
    public static bool Detect(NumericColumn column)
    {
        if (!column.IsInteger || column.MissingCount > 0 || column.Length < 2)
        {
            return false;
        }

        string name = column.Name.Trim().ToLowerInvariant();
        bool named = name is "" or "id" or "index" or "row" || name.StartsWith("unnamed", StringComparison.Ordinal)
            || name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith(" id", StringComparison.Ordinal) || (column.Name.EndsWith("ID", StringComparison.Ordinal) && column.Name.Length <= 12);
        if (column.Length < 1000 && !named)
        {
            return false;
        }

        var seen = new HashSet<double>();
        foreach (double v in column.Values)
        {
            if (!seen.Add(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override void Encode(Column column, Matrix output, int offset, RandomStream rng, ModeSelection modeSelection = ModeSelection.Sample, bool unknownAsZeros = false)
    {
    }

    /// <inheritdoc />
    public override Column Decode(Matrix encoded, int offset, bool roundIntegers = true, RandomStream? draws = null) => FreshIdentifiers(encoded.Rows, 0);

    /// <summary>The identifiers of <paramref name="rows"/> rows that are rows firstRow, firstRow + 1 … of a larger output: Max + 1 + firstRow + r, so the parts of an output sampled piece by piece stay unique.</summary>
    public NumericColumn FreshIdentifiers(int rows, long firstRow)
    {
        var values = new double[rows];
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = Max + 1 + firstRow + r;
        }

        return new NumericColumn(Name, values, MissingToken);
    }
}
