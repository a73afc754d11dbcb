namespace MLNet.Gan.Tabular;

/// <summary>
/// A columnar table with typed columns and an optional label column (always categorical). Tables are
/// immutable: selections, splits and appends return new tables.
/// </summary>
public sealed class Table
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _byName;

    /// <summary>Creates a table; columns must have equal lengths and distinct names.</summary>
    public Table(IEnumerable<Column> columns, string? label = null)
    {
        _columns = [.. columns];
        if (_columns.Length == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }

        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _columns.Length; i++)
        {
            if (!_byName.TryAdd(_columns[i].Name, i))
            {
                throw new ArgumentException($"Column name '{_columns[i].Name}' appears twice.", nameof(columns));
            }

            if (_columns[i].Length != _columns[0].Length)
            {
                throw new ArgumentException($"Column '{_columns[i].Name}' has {_columns[i].Length} rows, '{_columns[0].Name}' has {_columns[0].Length}.", nameof(columns));
            }
        }

        if (label is not null)
        {
            if (!_byName.TryGetValue(label, out int li))
            {
                throw new ArgumentException($"Label column '{label}' is not in the table. Columns: {string.Join(", ", _columns.Select(c => c.Name))}.", nameof(label));
            }

            if (_columns[li] is not CategoricalColumn)
            {
                throw new ArgumentException($"Label column '{label}' must be categorical.", nameof(label));
            }
        }

        Label = label;
    }

    /// <summary>The columns, in file order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>Number of rows.</summary>
    public int RowCount => _columns[0].Length;

    /// <summary>Name of the label column, if any.</summary>
    public string? Label { get; }

    /// <summary>The label column, if any.</summary>
    public CategoricalColumn? LabelColumn => Label is null ? null : (CategoricalColumn)this[Label];

    /// <summary>The column named <paramref name="name"/>; a clear error lists the columns when it is absent.</summary>
    public Column this[string name] => _columns[IndexOf(name)];

    /// <summary>Index of a column by name, with a clear error when absent.</summary>
    public int IndexOf(string name)
        => _byName.TryGetValue(name, out int i) ? i
            : throw new KeyNotFoundException($"No column named '{name}'. Columns: {string.Join(", ", _columns.Select(c => c.Name))}.");

    /// <summary>Whether a column of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The rows at the given indices, in that order.</summary>
    public Table Select(ReadOnlySpan<int> rows)
    {
        var columns = new Column[_columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = _columns[i].Select(rows);
        }

        return new Table(columns, Label);
    }

    /// <summary>Row indices whose label is <paramref name="value"/>.</summary>
    public int[] RowsWithLabel(string value)
    {
        var label = LabelColumn ?? throw new InvalidOperationException("The table has no label column.");
        int code = label.CodeOf(value);
        if (code < 0)
        {
            throw new ArgumentException($"Label '{Label}' has no value '{value}'. Values: {string.Join(", ", label.Categories)}.", nameof(value));
        }

        return [.. Enumerable.Range(0, RowCount).Where(r => label.Codes[r] == code)];
    }

    /// <summary>The rows whose label is <paramref name="value"/>.</summary>
    public Table WhereLabel(string value) => Select(RowsWithLabel(value));

    /// <summary>The same columns with <paramref name="label"/> as label (null for none).</summary>
    public Table WithLabel(string? label) => new(_columns, label);

    /// <summary>The table without the named columns.</summary>
    public Table Drop(params string[] names)
    {
        foreach (var n in names)
        {
            IndexOf(n);
        }

        return new Table(_columns.Where(c => !names.Contains(c.Name)), names.Contains(Label) ? null : Label);
    }

    /// <summary>This table's rows followed by <paramref name="other"/>'s (same column names and kinds; categories matched by name).</summary>
    public Table Append(Table other)
    {
        if (other._columns.Length != _columns.Length)
        {
            throw new ArgumentException($"Cannot append a table of {other._columns.Length} columns to one of {_columns.Length}.", nameof(other));
        }

        return new Table(_columns.Select(c => c.Append(other[c.Name])), Label);
    }

    /// <summary>
    /// Splits rows into train and test with the label's class proportions kept in both (plain random
    /// split without a label). Deterministic for a seed (<see cref="Stratification.Split"/>).
    /// </summary>
    public (Table Train, Table Test) StratifiedSplit(double testFraction, long seed)
    {
        var (codes, classes) = StrataCodes();
        var (train, test) = Stratification.Split(codes, classes, testFraction, seed);
        return (Select(train), Select(test));
    }

    /// <summary>Stratified k-fold: each fold's test rows hold about 1/k of every class. Deterministic for a seed.</summary>
    public IReadOnlyList<(Table Train, Table Test)> KFold(int folds, long seed)
    {
        var (codes, classes) = StrataCodes();
        var foldOf = Stratification.FoldOf(codes, classes, folds, seed);
        var result = new List<(Table, Table)>(folds);
        for (int f = 0; f < folds; f++)
        {
            int[] testRows = [.. Enumerable.Range(0, RowCount).Where(r => foldOf[r] == f)];
            int[] trainRows = [.. Enumerable.Range(0, RowCount).Where(r => foldOf[r] != f)];
            result.Add((Select(trainRows), Select(testRows)));
        }

        return result;
    }

    /// <summary>The label's codes (one stratum without a label).</summary>
    private (int[] Codes, int Classes) StrataCodes()
        => LabelColumn is { } label ? (label.Codes, label.Categories.Count) : (new int[RowCount], 1);

    /// <inheritdoc />
    public override string ToString() => $"Table({RowCount} rows × {_columns.Length} columns{(Label is null ? "" : $", label '{Label}'")})";
}
