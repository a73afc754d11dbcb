using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// Lines another table (synthetic rows, a holdout) up with the real one: columns are matched by name,
/// must have the same kind, and come back in the real table's order. Extra columns are ignored.
/// </summary>
public static class TableMatching
{
    /// <summary>How errors name the synthetic table.</summary>
    public const string SyntheticData = "the synthetic data";

    /// <summary>How errors name the holdout table.</summary>
    public const string HoldoutData = "the holdout data";

    /// <summary>
    /// The columns of <paramref name="other"/> in <paramref name="real"/>'s order, as a table without a
    /// label. A missing or mistyped column is a <see cref="DataFormatException"/> naming it and
    /// <paramref name="otherName"/> (the file or role of the other table).
    /// </summary>
    public static Table Align(Table real, Table other, string otherName)
    {
        var columns = new Column[real.Columns.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = Match(real.Columns[i], other, otherName);
        }

        return new Table(columns);
    }

    /// <summary>The column of <paramref name="other"/> that matches <paramref name="column"/> by name, checked to be of the same kind.</summary>
    public static Column Match(Column column, Table other, string otherName)
    {
        if (!other.Contains(column.Name))
        {
            throw new DataFormatException($"{otherName} has no such column (the real data has it). Its columns: {string.Join(", ", other.Columns.Select(c => c.Name))}.", column: column.Name);
        }

        var match = other[column.Name];
        if (match.Kind != column.Kind)
        {
            throw new DataFormatException($"the column is {Describe(column.Kind)} in the real data but {Describe(match.Kind)} in {otherName}; give it the same type in both (for example with --discrete).", column: column.Name);
        }

        return match;
    }

    /// <summary>The real table without its label (metrics compare every column, the label included, as plain data).</summary>
    public static Table Unlabelled(Table table) => table.Label is null ? table : table.WithLabel(null);

    private static string Describe(ColumnKind kind) => kind == ColumnKind.Continuous ? "numeric" : "categorical";
}
