using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.DataViews;

/// <summary>
/// The bridge between ML.NET's <c>IDataView</c> and our columnar <see cref="Table"/>: which columns
/// cross, with which types, both ways. Numbers of any width become numeric table columns (a missing
/// value, NaN, stays missing); Booleans, text and keys become categorical columns (a key's values, or
/// its numbers, are the categories; key 0 is the category ""); a vector of numbers of known size
/// becomes one numeric column per slot, <c>name[i]</c>. Writing a table back gives every column the
/// type and annotations (key values, slot names) it had, so a table read from a view and written
/// back is the same view.
/// </summary>
public sealed class DataViewLayout
{
    private readonly BridgedColumn[] _columns;

    private DataViewLayout(BridgedColumn[] columns) => _columns = columns;

    /// <summary>The names of the <c>IDataView</c> columns that cross, in order.</summary>
    public IReadOnlyList<string> ColumnNames => [.. _columns.Select(c => c.Name)];

    internal IReadOnlyList<BridgedColumn> Columns => _columns;

    /// <summary>The schema of the views this layout writes.</summary>
    public DataViewSchema Schema
    {
        get
        {
            var builder = new DataViewSchema.Builder();
            foreach (var column in _columns)
            {
                builder.AddColumn(column.Name, column.Type, column.Annotations);
            }

            return builder.ToSchema();
        }
    }

    /// <summary>
    /// The layout of <paramref name="schema"/>'s visible columns, or of the named ones only. A column
    /// of a type a table cannot hold is an error that names it.
    /// </summary>
    public static DataViewLayout Of(DataViewSchema schema, IEnumerable<string>? columnNames = null)
    {
        var columns = new List<BridgedColumn>();
        if (columnNames is null)
        {
            foreach (var column in schema)
            {
                if (!column.IsHidden)
                {
                    columns.Add(BridgedColumn.Of(column));
                }
            }
        }
        else
        {
            foreach (var name in columnNames)
            {
                var column = SchemaColumns.Require(schema, name);
                columns.Add(BridgedColumn.Of(column));
            }
        }

        return new DataViewLayout([.. columns]);
    }

    /// <summary>The layout in which a table is offered to ML.NET: numbers as <c>Single</c>, categorical columns (and the label) as text.</summary>
    public static DataViewLayout Default(Table table)
        => new([.. table.Columns.Select(c => new BridgedColumn(
            c.Name,
            c is NumericColumn ? NumberDataViewType.Single : TextDataViewType.Instance,
            c is NumericColumn ? BridgeKind.Number : BridgeKind.Text,
            DataViewSchema.Annotations.Empty,
            1))]);

    /// <summary>This layout with one more column, a <c>Single</c> named <paramref name="name"/> (an example weight); an error if the layout has it already.</summary>
    internal DataViewLayout WithSingle(string name, string purpose = "the example weights") => With(name, NumberDataViewType.Single, BridgeKind.Number, purpose);

    /// <summary>This layout with a Boolean column <paramref name="name"/> (written from a categorical column of "False"/"True").</summary>
    internal DataViewLayout WithBoolean(string name, string purpose) => With(name, BooleanDataViewType.Instance, BridgeKind.Boolean, purpose);

    private DataViewLayout With(string name, DataViewType type, BridgeKind kind, string purpose)
    {
        if (_columns.Any(c => c.Name == name))
        {
            throw new ArgumentException($"The data already has a column '{name}'; choose another name for {purpose}.");
        }

        return new([.. _columns, new BridgedColumn(name, type, kind, DataViewSchema.Annotations.Empty, 1)]);
    }

    /// <summary>
    /// Reads <paramref name="data"/>'s columns of this layout into a table in one cursor pass;
    /// <paramref name="label"/> becomes the table's (categorical) label — a number label's values are
    /// written as numbers are, "0" and "1" — and must have a value in every row.
    /// </summary>
    public Table Read(IDataView data, string? label = null)
    {
        if (label is not null && !_columns.Any(c => c.Name == label))
        {
            throw new ArgumentException($"The label column '{label}' is not in the data. Columns: {string.Join(", ", _columns.Select(c => c.Name))}.");
        }

        foreach (var column in _columns)
        {
            var actual = data.Schema.GetColumnOrNull(column.Name)
                ?? throw new ArgumentException($"The data has no column '{column.Name}'; the layout expects {column.Type}.");
            if (!actual.Type.Equals(column.Type))
            {
                throw new ArgumentException($"Schema mismatch for column '{column.Name}': expected {column.Type}, got {actual.Type}.");
            }
        }

        return TableReader.Read(data, _columns, label);
    }

    /// <summary>
    /// <paramref name="table"/> as an <c>IDataView</c> with this layout's columns, types and annotations
    /// (the table must hold every column; rows in table order).
    /// </summary>
    public IDataView Write(Table table)
    {
        foreach (var column in _columns)
        {
            for (int s = 0; s < column.Slots; s++)
            {
                if (!table.Contains(column.TableColumn(s)))
                {
                    throw new ArgumentException($"The table has no column '{column.TableColumn(s)}' for the data view's '{column.Name}'.");
                }
            }
        }

        return new TableDataView(table, _columns);
    }
}
