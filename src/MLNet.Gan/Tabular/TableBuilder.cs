namespace MLNet.Gan.Tabular;

/// <summary>
/// Builds a <see cref="Table"/> from text cells, column by column, with the rules of
/// <see cref="CsvReadOptions"/> (kinds inferred or forced, the label categorical, drops, missing
/// tokens, a saved row index left out): one set of rules for every file format that reads tables.
/// </summary>
internal sealed class TableBuilder
{
    private readonly ColumnBuilder[] _builders;
    private readonly bool[] _keep;
    private readonly CsvReadOptions _options;
    private readonly string _source;

    /// <summary>Starts a table with the columns named in <paramref name="header"/> (an empty name becomes "Unnamed: i").</summary>
    public TableBuilder(string[] header, CsvReadOptions options, string source)
    {
        (_options, _source) = (options, source);
        _builders = new ColumnBuilder[header.Length];
        var missing = new HashSet<string>(options.MissingTokens, StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i].Trim();
            if (name.Length == 0)
            {
                name = $"Unnamed: {i}";
            }

            bool isLabel = name == options.Label;
            var kind = isLabel || options.Discrete.Contains(name) ? BuilderKind.Categorical
                : options.Numeric.Contains(name) ? BuilderKind.ForcedNumeric : BuilderKind.Inferred;
            _builders[i] = new ColumnBuilder(name, kind, isLabel, header[i].Trim().Length == 0, missing, source);
        }

        CheckNames(_builders, options, source);
        _keep = [.. _builders.Select(b => !options.Drop.Contains(b.Name))];
    }

    /// <summary>Whether column <paramref name="i"/> is read (not dropped).</summary>
    public bool Keeps(int i) => _keep[i];

    /// <summary>Adds the next cell of column <paramref name="i"/>; <paramref name="line"/> locates it in errors.</summary>
    public void Add(int i, string cell, long line) => _builders[i].Add(cell, line);

    /// <summary>The table of <paramref name="rows"/> rows; clear errors for no rows, no columns, or a one-class label.</summary>
    public Table Build(long rows)
    {
        if (rows == 0)
        {
            throw new DataFormatException("the file has a header but no data rows.", _source);
        }

        var columns = new List<Column>();
        for (int i = 0; i < _builders.Length; i++)
        {
            if (!_keep[i])
            {
                continue;
            }

            var column = _builders[i].Build(_options.MaxCategories);
            if (_builders[i].UnnamedHeader && _options.DropRowIndex && IsRowIndex(column))
            {
                continue;
            }

            columns.Add(column);
        }

        if (columns.Count == 0)
        {
            throw new DataFormatException("no columns are left after dropping.", _source);
        }

        if (_options.Label is { } label && columns.First(c => c.Name == label) is CategoricalColumn l && l.Categories.Count < 2)
        {
            throw new DataFormatException($"the label has a single value '{l.Categories[0]}' in every row; a label needs at least two classes.", _source, column: label);
        }

        return new Table(columns, _options.Label);
    }

    private static void CheckNames(ColumnBuilder[] builders, CsvReadOptions options, string source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in builders)
        {
            if (!seen.Add(b.Name))
            {
                throw new DataFormatException($"the header names column '{b.Name}' twice.", source, 1);
            }
        }

        string available = string.Join(", ", builders.Select(b => b.Name));
        foreach (var (list, what) in new[] { (options.Discrete, "discrete"), (options.Numeric, "numeric"), (options.Drop, "drop") })
        {
            foreach (var name in list.Where(n => !seen.Contains(n)))
            {
                throw new DataFormatException($"the {what} column '{name}' is not in the header. Columns: {available}.", source, 1);
            }
        }

        if (options.Label is { } label && !seen.Contains(label))
        {
            throw new DataFormatException($"the label column '{label}' is not in the header. Columns: {available}.", source, 1);
        }

        if (options.Label is { } l && options.Drop.Contains(l))
        {
            throw new DataFormatException($"the label column '{l}' cannot also be dropped.", source);
        }
    }

    private static bool IsRowIndex(Column column)
    {
        if (column is not NumericColumn n || n.MissingCount > 0 || !n.IsInteger)
        {
            return false;
        }

        double start = n.Values[0];
        if (start is not (0 or 1))
        {
            return false;
        }

        for (int i = 0; i < n.Values.Length; i++)
        {
            if (n.Values[i] != start + i)
            {
                return false;
            }
        }

        return true;
    }

}
