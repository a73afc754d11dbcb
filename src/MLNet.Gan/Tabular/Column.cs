namespace MLNet.Gan.Tabular;

/// <summary>How a column is modelled.</summary>
public enum ColumnKind
{
    /// <summary>Numbers (float64), possibly with missing cells; modelled by a per-column Gaussian mixture.</summary>
    Continuous,

    /// <summary>Categories stored as dictionary codes; modelled as a one-hot.</summary>
    Discrete,
}

/// <summary>A named column of a <see cref="Table"/>.</summary>
public abstract class Column
{
    /// <summary>Creates a column.</summary>
    protected Column(string name) => Name = name;

    /// <summary>The header name.</summary>
    public string Name { get; }

    /// <summary>Continuous or discrete.</summary>
    public abstract ColumnKind Kind { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Length { get; }

    /// <summary>The cell as text, as it is written to CSV.</summary>
    public abstract string Format(int row);

    /// <summary>A new column holding the given rows, in that order.</summary>
    public abstract Column Select(ReadOnlySpan<int> rows);

    /// <summary>A column of the same kind and name with <paramref name="other"/>'s rows appended.</summary>
    public abstract Column Append(Column other);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind}, {Length} rows)";

    /// <summary>The values at <paramref name="rows"/>, in that order.</summary>
    private protected static T[] Gather<T>(T[] values, ReadOnlySpan<int> rows)
    {
        var result = new T[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }

        return result;
    }
}

/// <summary>
/// A numeric column. Missing cells are NaN and are modelled, not imputed: the encoder adds an
/// is-missing indicator so synthetic data reproduces the missing rate.
/// </summary>
public sealed class NumericColumn : Column
{
    /// <summary>Creates the column; NaN marks a missing cell. Integer-ness and range are computed.</summary>
    public NumericColumn(string name, double[] values, string missingToken = "")
        : base(name)
    {
        Values = values;
        MissingToken = missingToken;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        bool integer = true;
        int missing = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                missing++;
                continue;
            }

            if (double.IsInfinity(v))
            {
                throw new ArgumentException($"Column '{name}' holds an infinite value; only finite numbers and missing cells are allowed.", nameof(values));
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
            integer &= v == Math.Floor(v) && Math.Abs(v) < 9.007199254740992E15;
        }

        MissingCount = missing;
        IsInteger = integer && missing < values.Length;
        Min = missing < values.Length ? min : double.NaN;
        Max = missing < values.Length ? max : double.NaN;
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Continuous;

    /// <inheritdoc />
    public override int Length => Values.Length;

    /// <summary>The values; NaN where missing.</summary>
    public double[] Values { get; }

    /// <summary>True when every present value is a whole number (written without decimals).</summary>
    public bool IsInteger { get; }

    /// <summary>Smallest present value (NaN when all are missing).</summary>
    public double Min { get; }

    /// <summary>Largest present value (NaN when all are missing).</summary>
    public double Max { get; }

    /// <summary>Number of missing cells.</summary>
    public int MissingCount { get; }

    /// <summary>How a missing cell is written (the token it was read as).</summary>
    public string MissingToken { get; }

    /// <inheritdoc />
    public override string Format(int row) => FormatValue(Values[row], IsInteger, MissingToken);

    /// <summary>Writes a value as this library writes numbers: shortest round-trip text, integers without decimals.</summary>
    public static string FormatValue(double v, bool integer, string missingToken)
        => double.IsNaN(v) ? missingToken
            : integer ? Math.Round(v).ToString("0", System.Globalization.CultureInfo.InvariantCulture)
            : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override Column Select(ReadOnlySpan<int> rows) => new NumericColumn(Name, Gather(Values, rows), MissingToken);

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        if (other is not NumericColumn n)
        {
            throw new ArgumentException($"Cannot append {other.Kind} column '{other.Name}' to numeric column '{Name}'.", nameof(other));
        }

        return new NumericColumn(Name, [.. Values, .. n.Values], MissingToken);
    }
}

/// <summary>A categorical column: one code per row into a list of category names (a missing cell is a category of its own).</summary>
public sealed class CategoricalColumn : Column
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates the column from codes into <paramref name="categories"/>.</summary>
    public CategoricalColumn(string name, int[] codes, IReadOnlyList<string> categories)
        : base(name)
    {
        Codes = codes;
        Categories = categories;
        _index = new Dictionary<string, int>(categories.Count, StringComparer.Ordinal);
        for (int i = 0; i < categories.Count; i++)
        {
            if (!_index.TryAdd(categories[i], i))
            {
                throw new ArgumentException($"Column '{name}' lists category '{categories[i]}' twice.", nameof(categories));
            }
        }

        foreach (int c in codes)
        {
            if ((uint)c >= (uint)categories.Count)
            {
                throw new ArgumentException($"Column '{name}' has code {c} outside its {categories.Count} categories.", nameof(codes));
            }
        }
    }

    /// <summary>Builds a column from text values, categories in order of first appearance.</summary>
    public static CategoricalColumn FromValues(string name, IReadOnlyList<string> values)
    {
        var categories = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            if (!index.TryGetValue(values[i], out int code))
            {
                code = categories.Count;
                index[values[i]] = code;
                categories.Add(values[i]);
            }

            codes[i] = code;
        }

        return new CategoricalColumn(name, codes, categories);
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Discrete;

    /// <inheritdoc />
    public override int Length => Codes.Length;

    /// <summary>Per-row category codes.</summary>
    public int[] Codes { get; }

    /// <summary>Category names, indexed by code.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The code of a category name, or −1.</summary>
    public int CodeOf(string category) => _index.TryGetValue(category, out int c) ? c : -1;

    /// <summary>Per row: does it hold <paramref name="category"/>? (All false when the column has no such category.)</summary>
    public bool[] Matches(string category)
    {
        int code = CodeOf(category);
        var result = new bool[Codes.Length];
        for (int r = 0; r < result.Length; r++)
        {
            result[r] = Codes[r] == code;
        }

        return result;
    }

    /// <summary>Rows per category code.</summary>
    public int[] Counts()
    {
        var counts = new int[Categories.Count];
        foreach (int c in Codes)
        {
            counts[c]++;
        }

        return counts;
    }

    /// <summary>The category with the fewest rows (the first such, in code order): the default positive class of a rare-event label.</summary>
    public string LeastFrequent()
    {
        var counts = Counts();
        return Categories[Array.IndexOf(counts, counts.Min())];
    }

    /// <inheritdoc />
    public override string Format(int row) => Categories[Codes[row]];

    /// <inheritdoc />
    public override Column Select(ReadOnlySpan<int> rows) => new CategoricalColumn(Name, Gather(Codes, rows), Categories);

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        if (other is not CategoricalColumn c)
        {
            throw new ArgumentException($"Cannot append {other.Kind} column '{other.Name}' to categorical column '{Name}'.", nameof(other));
        }

        // Categories are matched by name; ones new in `other` are added at the end.
        var categories = new List<string>(Categories);
        var map = new int[c.Categories.Count];
        for (int i = 0; i < map.Length; i++)
        {
            int code = CodeOf(c.Categories[i]);
            if (code < 0)
            {
                code = categories.Count;
                categories.Add(c.Categories[i]);
            }

            map[i] = code;
        }

        var codes = new int[Codes.Length + c.Codes.Length];
        Codes.CopyTo(codes, 0);
        for (int i = 0; i < c.Codes.Length; i++)
        {
            codes[Codes.Length + i] = map[c.Codes[i]];
        }

        return new CategoricalColumn(Name, codes, categories);
    }
}
