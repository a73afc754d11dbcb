using System.Globalization;

namespace MLNet.Gan.Tabular;

/// <summary>How a column being read is typed.</summary>
internal enum BuilderKind
{
    /// <summary>Numeric until non-numeric text appears.</summary>
    Inferred,

    /// <summary>Must be numeric (text is an error).</summary>
    ForcedNumeric,

    /// <summary>Categorical (the label, or listed as discrete).</summary>
    Categorical,
}

/// <summary>
/// Accumulates one CSV column while it is read: numbers while every cell parses as one, category
/// codes once a cell does not (or from the start for discrete columns and the label).
/// </summary>
internal sealed class ColumnBuilder(string name, BuilderKind kind, bool isLabel, bool unnamedHeader, HashSet<string> missingTokens, string source)
{
    private readonly List<double> _numbers = [];
    private readonly List<int> _codes = [];
    private readonly List<string> _categories = [];
    private readonly Dictionary<string, int> _categoryIndex = new(StringComparer.Ordinal);
    private bool _categorical = kind == BuilderKind.Categorical;
    private string? _missingToken;
    private long _numericCells;
    private long _textCells;
    private (string Text, long Line)? _firstText;

    public string Name { get; } = name;

    public bool UnnamedHeader { get; } = unnamedHeader;

    public void Add(string cell, long line)
    {
        if (_categorical)
        {
            if (isLabel && missingTokens.Contains(cell))
            {
                throw new DataFormatException($"the label is missing ('{cell}'); every row needs a label.", source, line, Name);
            }

            if (kind != BuilderKind.Categorical)
            {
                CountText(cell, line);
            }

            _codes.Add(Code(cell));
            return;
        }

        if (missingTokens.Contains(cell))
        {
            _missingToken ??= cell;
            _numbers.Add(double.NaN);
            return;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || IsNonFiniteWord(cell))
        {
            if (!double.IsFinite(v) || IsNonFiniteWord(cell))
            {
                throw new DataFormatException($"'{cell}' is not a finite number; write a missing value as an empty cell, NA or ?.", source, line, Name);
            }

            _numericCells++;
            _numbers.Add(v);
            return;
        }

        if (kind == BuilderKind.ForcedNumeric)
        {
            throw new DataFormatException($"'{cell}' is not a number, and the column is declared numeric.", source, line, Name);
        }

        // The first text cell turns the column categorical; earlier numbers become category names.
        _categorical = true;
        foreach (double earlier in _numbers)
        {
            _codes.Add(Code(double.IsNaN(earlier) ? _missingToken ?? "" : earlier.ToString("R", CultureInfo.InvariantCulture)));
        }

        _numbers.Clear();
        CountText(cell, line);
        _codes.Add(Code(cell));
    }

    /// <summary>Above this many distinct values a text column that is mostly numbers is reported as a number column with a stray text cell, and one with a distinct value per row as an identifier.</summary>
    public const int NumericCheckCategories = 1000;

    public Column Build(int maxCategories)
    {
        if (!_categorical)
        {
            return new NumericColumn(Name, [.. _numbers], _missingToken ?? "");
        }

        if (_categories.Count > NumericCheckCategories && !isLabel)
        {
            if (_firstText is { } t && _numericCells >= 9 * _textCells)
            {
                throw new DataFormatException(
                    $"'{t.Text}' is not a number in a column whose other values are ({_numericCells} numeric cells, {_textCells} text). Fix the value, or mark it missing.",
                    source, t.Line, Name);
            }

            if (_categories.Count > maxCategories || _categories.Count == _codes.Count)
            {
                throw new DataFormatException(
                    _categories.Count == _codes.Count
                        ? $"the column has {_categories.Count} distinct values, one per row: an identifier or free text, not a category; drop it."
                        : $"the column has {_categories.Count} distinct values, more than {maxCategories}. If it is numeric, fix its non-numeric cells; if it is an identifier, drop it.",
                    source, column: Name);
            }
        }

        return new CategoricalColumn(Name, [.. _codes], _categories);
    }

    private int Code(string cell)
    {
        if (!_categoryIndex.TryGetValue(cell, out int code))
        {
            code = _categories.Count;
            _categoryIndex[cell] = code;
            _categories.Add(cell);
        }

        return code;
    }

    private void CountText(string cell, long line)
    {
        if (missingTokens.Contains(cell))
        {
            return;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            _numericCells++;
        }
        else
        {
            _textCells++;
            _firstText ??= (cell, line);
        }
    }

    private static bool IsNonFiniteWord(string cell)
    {
        var s = cell.AsSpan().Trim().TrimStart("+-");
        return s.Equals("nan", StringComparison.OrdinalIgnoreCase) || s.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || s.Equals("infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("∞", StringComparison.Ordinal);
    }
}
