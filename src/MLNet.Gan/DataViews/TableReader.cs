using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.DataViews;

/// <summary>
/// Reads an <c>IDataView</c> into a <see cref="Table"/> in one cursor pass. Getters fill reused
/// buffers; text is looked up in the column's category dictionary by span, so a row allocates
/// nothing (a new category allocates its string once).
/// </summary>
internal static class TableReader
{
    public static Table Read(IDataView data, IReadOnlyList<BridgedColumn> columns, string? label)
    {
        var schemaColumns = columns.Select(c => data.Schema[c.Name]).ToArray();
        int capacity = data.GetRowCount() is long n and <= int.MaxValue ? (int)n : 0;
        using var cursor = data.GetRowCursor(schemaColumns);
        var sinks = new ColumnSink[columns.Count];
        for (int i = 0; i < sinks.Length; i++)
        {
            sinks[i] = ColumnSink.Create(cursor, schemaColumns[i], columns[i], capacity);
        }

        long row = 0;
        while (cursor.MoveNext())
        {
            if (++row > int.MaxValue)
            {
                throw new ArgumentException("The data has more than 2³¹−1 rows.");
            }

            foreach (var sink in sinks)
            {
                sink.ReadRow();
            }
        }

        var tableColumns = new List<Column>();
        for (int i = 0; i < sinks.Length; i++)
        {
            tableColumns.AddRange(sinks[i].Build(asLabel: columns[i].Name == label));
        }

        if (tableColumns.Count == 0)
        {
            throw new ArgumentException("The data has no column a table can hold.");
        }

        return new Table(tableColumns, label);
    }

    /// <summary>Reads one column's values row by row and builds its table column(s).</summary>
    private abstract class ColumnSink(BridgedColumn column)
    {
        protected BridgedColumn Column { get; } = column;

        public abstract void ReadRow();

        public abstract IEnumerable<Column> Build(bool asLabel);

        public static ColumnSink Create(DataViewRowCursor cursor, DataViewSchema.Column source, BridgedColumn column, int capacity) => column.Kind switch
        {
            BridgeKind.Boolean => new BooleanSink(cursor.GetGetter<bool>(source), column, capacity),
            BridgeKind.Text => new TextSink(cursor.GetGetter<ReadOnlyMemory<char>>(source), column, capacity),
            BridgeKind.Key => new KeySink(cursor.GetGetter<uint>(source), column, capacity),
            BridgeKind.NumberVector when column.ItemType == typeof(float) => new VectorSink<float>(cursor.GetGetter<VBuffer<float>>(source), column, capacity),
            BridgeKind.NumberVector => new VectorSink<double>(cursor.GetGetter<VBuffer<double>>(source), column, capacity),
            _ => column.ItemType switch
            {
                var t when t == typeof(float) => new NumberSink<float>(cursor.GetGetter<float>(source), column, capacity),
                var t when t == typeof(double) => new NumberSink<double>(cursor.GetGetter<double>(source), column, capacity),
                var t when t == typeof(int) => new NumberSink<int>(cursor.GetGetter<int>(source), column, capacity),
                var t when t == typeof(long) => new NumberSink<long>(cursor.GetGetter<long>(source), column, capacity),
                var t when t == typeof(short) => new NumberSink<short>(cursor.GetGetter<short>(source), column, capacity),
                var t when t == typeof(sbyte) => new NumberSink<sbyte>(cursor.GetGetter<sbyte>(source), column, capacity),
                var t when t == typeof(byte) => new NumberSink<byte>(cursor.GetGetter<byte>(source), column, capacity),
                var t when t == typeof(ushort) => new NumberSink<ushort>(cursor.GetGetter<ushort>(source), column, capacity),
                var t when t == typeof(uint) => new NumberSink<uint>(cursor.GetGetter<uint>(source), column, capacity),
                var t when t == typeof(ulong) => new NumberSink<ulong>(cursor.GetGetter<ulong>(source), column, capacity),
                var t => throw new ArgumentException($"Column '{column.Name}' holds {t.Name} numbers, which a table cannot hold."),
            },
        };

        /// <summary>A categorical column built from codes; as a label, "" (a missing cell) is an error.</summary>
        protected CategoricalColumn Categorical(List<int> codes, IReadOnlyList<string> categories, bool asLabel)
        {
            var column = new CategoricalColumn(Column.Name, [.. codes], categories);
            int missing = asLabel ? column.CodeOf("") : -1;
            if (missing >= 0 && codes.Contains(missing))
            {
                throw new DataFormatException($"the label is missing in row {codes.IndexOf(missing) + 1}; every row needs a label.", column: Column.Name);
            }

            return column;
        }
    }

    private sealed class NumberSink<T>(ValueGetter<T> getter, BridgedColumn column, int capacity) : ColumnSink(column)
        where T : struct, System.Numerics.INumberBase<T>
    {
        private readonly List<double> _values = new(capacity);
        private T _value;

        public override void ReadRow()
        {
            getter(ref _value);
            _values.Add(double.CreateTruncating(_value));
        }

        public override IEnumerable<Column> Build(bool asLabel)
        {
            if (!asLabel)
            {
                yield return new NumericColumn(Column.Name, [.. _values]);
                yield break;
            }

            // A label is categorical: each distinct number becomes a category, written as our CSV writes numbers.
            var index = new Dictionary<double, int>();
            var categories = new List<string>();
            var codes = new List<int>(_values.Count);
            for (int r = 0; r < _values.Count; r++)
            {
                double v = _values[r];
                if (double.IsNaN(v))
                {
                    throw new DataFormatException($"the label is missing in row {r + 1}; every row needs a label.", column: Column.Name);
                }

                if (!index.TryGetValue(v, out int code))
                {
                    code = categories.Count;
                    index[v] = code;
                    categories.Add(NumericColumn.FormatValue(v, v == Math.Floor(v), ""));
                }

                codes.Add(code);
            }

            yield return Categorical(codes, categories, asLabel);
        }
    }

    private sealed class BooleanSink(ValueGetter<bool> getter, BridgedColumn column, int capacity) : ColumnSink(column)
    {
        private readonly List<int> _codes = new(capacity);
        private bool _value;

        public override void ReadRow()
        {
            getter(ref _value);
            _codes.Add(_value ? 1 : 0);
        }

        public override IEnumerable<Column> Build(bool asLabel) => [Categorical(_codes, [bool.FalseString, bool.TrueString], asLabel)];
    }

    private sealed class TextSink(ValueGetter<ReadOnlyMemory<char>> getter, BridgedColumn column, int capacity) : ColumnSink(column)
    {
        private readonly List<int> _codes = new(capacity);
        private readonly List<string> _categories = [];
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private ReadOnlyMemory<char> _value;

        public override void ReadRow()
        {
            getter(ref _value);
            var lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(_value.Span, out int code))
            {
                code = _categories.Count;
                string text = _value.ToString();
                _index[text] = code;
                _categories.Add(text);
            }

            _codes.Add(code);
        }

        public override IEnumerable<Column> Build(bool asLabel) => [Categorical(_codes, _categories, asLabel)];
    }

    private sealed class KeySink(ValueGetter<uint> getter, BridgedColumn column, int capacity) : ColumnSink(column)
    {
        private readonly List<int> _codes = new(capacity);
        private readonly string[] _keyValues = column.KeyValues();
        private uint _value;

        public override void ReadRow()
        {
            getter(ref _value);

            // key k is category k−1; key 0 (missing) is the category "" after the key values
            _codes.Add(_value == 0 ? _keyValues.Length : (int)_value - 1);
        }

        public override IEnumerable<Column> Build(bool asLabel) => [Categorical(_codes, [.. _keyValues, ""], asLabel)];
    }

    private sealed class VectorSink<T>(ValueGetter<VBuffer<T>> getter, BridgedColumn column, int capacity) : ColumnSink(column)
        where T : struct, System.Numerics.INumberBase<T>
    {
        private readonly List<double>[] _slots = [.. Enumerable.Range(0, column.Slots).Select(_ => new List<double>(capacity))];
        private readonly T[] _dense = new T[column.Slots];
        private VBuffer<T> _value;

        public override void ReadRow()
        {
            getter(ref _value);
            _value.CopyTo(_dense); // a sparse vector's unlisted slots are 0
            for (int s = 0; s < _slots.Length; s++)
            {
                _slots[s].Add(double.CreateTruncating(_dense[s]));
            }
        }

        public override IEnumerable<Column> Build(bool asLabel)
        {
            if (asLabel)
            {
                throw new ArgumentException($"The label column '{Column.Name}' is a vector; a label holds one value per row.");
            }

            for (int s = 0; s < _slots.Length; s++)
            {
                yield return new NumericColumn(Column.TableColumn(s), [.. _slots[s]]);
            }
        }
    }
}
