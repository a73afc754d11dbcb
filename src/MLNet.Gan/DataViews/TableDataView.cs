using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.DataViews;

/// <summary>
/// A <see cref="Table"/> seen as an <c>IDataView</c>, with the column types of a
/// <see cref="DataViewLayout"/>. Values are converted once per category, never per row; getters
/// write into the caller's buffers (a vector getter reuses the caller's <c>VBuffer</c> arrays).
/// Cursors run in row order (the view cannot shuffle).
/// </summary>
internal sealed class TableDataView : IDataView
{
    private readonly ColumnSource[] _sources;
    private readonly int _rows;

    public TableDataView(Table table, IReadOnlyList<BridgedColumn> columns)
    {
        _rows = table.RowCount;
        var builder = new DataViewSchema.Builder();
        _sources = new ColumnSource[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            builder.AddColumn(columns[i].Name, columns[i].Type, columns[i].Annotations);
            _sources[i] = ColumnSource.Create(table, columns[i]);
        }

        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, columnsNeeded);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TableDataView _view;
        private readonly bool[] _active;
        private long _position = -1;

        // ML.NET's cursor contract: once MoveNext has returned false (or the cursor is disposed) it
        // returns false for ever, and Position is -1
        private bool _done;

        public Cursor(TableDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = new bool[view.Schema.Count];
            foreach (var c in columnsNeeded)
            {
                _active[c.Index] = true;
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        internal int Row => (int)_position;

        public override bool MoveNext()
        {
            if (!_done && _position + 1 < _view._rows)
            {
                _position++;
                return true;
            }

            _done = true;
            _position = -1;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            _done = true;
            _position = -1;
            base.Dispose(disposing);
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not asked for when the cursor was made.");
            }

            return _view._sources[column.Index].Getter<TValue>(this);
        }
    }

    /// <summary>Makes the getter of one column from its table column(s).</summary>
    private abstract class ColumnSource(BridgedColumn column)
    {
        protected BridgedColumn Column { get; } = column;

        public abstract Delegate MakeGetter(Cursor cursor);

        public ValueGetter<TValue> Getter<TValue>(Cursor cursor)
            => MakeGetter(cursor) as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{Column.Name}' is {Column.Type}; it has no getter of {typeof(TValue).Name}.");

        public static ColumnSource Create(Table table, BridgedColumn column) => column.Kind switch
        {
            BridgeKind.Boolean => new PerCategory<bool>(table, column, text => ParseBoolean(text, column.Name)),
            BridgeKind.Text => new PerCategory<ReadOnlyMemory<char>>(table, column, text => text.AsMemory()),
            BridgeKind.Key => new PerCategory<uint>(table, column, KeyOf(column)),
            BridgeKind.NumberVector when column.ItemType == typeof(float) => new Vector<float>(table, column),
            BridgeKind.NumberVector => new Vector<double>(table, column),
            _ => column.ItemType switch
            {
                var t when t == typeof(float) => Number<float>(table, column),
                var t when t == typeof(double) => Number<double>(table, column),
                var t when t == typeof(int) => Number<int>(table, column),
                var t when t == typeof(long) => Number<long>(table, column),
                var t when t == typeof(short) => Number<short>(table, column),
                var t when t == typeof(sbyte) => Number<sbyte>(table, column),
                var t when t == typeof(byte) => Number<byte>(table, column),
                var t when t == typeof(ushort) => Number<ushort>(table, column),
                var t when t == typeof(uint) => Number<uint>(table, column),
                _ => Number<ulong>(table, column),
            },
        };

        /// <summary>A number column: from a numeric table column, or from a categorical one whose categories are numbers (a label).</summary>
        private static ColumnSource Number<T>(Table table, BridgedColumn column)
            where T : struct, System.Numerics.INumberBase<T>
            => table[column.Name] is NumericColumn n
                ? new Numbers<T>(n.Values, column)
                : new PerCategory<T>(table, column, text => ToNumber<T>(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                    : throw new DataFormatException($"'{text}' is not a number; the column is {column.Type}.", column: column.Name)));

        internal static T ToNumber<T>(double v)
            where T : struct, System.Numerics.INumberBase<T>
            => typeof(T) == typeof(float) || typeof(T) == typeof(double) ? T.CreateTruncating(v)
                : T.CreateSaturating(double.IsNaN(v) ? 0 : Math.Round(v));

        private static bool ParseBoolean(string text, string column)
            => bool.TryParse(text, out bool b) ? b
                : text == "1" || (text == "0" ? false : throw new DataFormatException($"'{text}' is not a Boolean.", column: column));

        /// <summary>Category text → key: its position in the key values + 1; "" or an unknown value → 0 (missing).</summary>
        private static Func<string, uint> KeyOf(BridgedColumn column)
        {
            var values = new Dictionary<string, uint>(StringComparer.Ordinal);
            var keyValues = column.KeyValues();
            for (int i = 0; i < keyValues.Length; i++)
            {
                values.TryAdd(keyValues[i], (uint)(i + 1));
            }

            return text => values.GetValueOrDefault(text);
        }
    }

    private sealed class Numbers<T>(double[] values, BridgedColumn column) : ColumnSource(column)
        where T : struct, System.Numerics.INumberBase<T>
    {
        public override Delegate MakeGetter(Cursor cursor)
            => (ValueGetter<T>)((ref T value) => value = ToNumber<T>(values[cursor.Row]));
    }

    /// <summary>A value per category, converted once; a row looks its code up.</summary>
    private sealed class PerCategory<T> : ColumnSource
    {
        private readonly int[] _codes;
        private readonly T[] _values;

        public PerCategory(Table table, BridgedColumn column, Func<string, T> convert)
            : base(column)
        {
            var categorical = table[column.Name] as CategoricalColumn
                ?? throw new ArgumentException($"Column '{column.Name}' is numeric in the table but {column.Type} in the data view.");
            _codes = categorical.Codes;
            _values = [.. categorical.Categories.Select(convert)];
        }

        public override Delegate MakeGetter(Cursor cursor)
            => (ValueGetter<T>)((ref T value) => value = _values[_codes[cursor.Row]]);
    }

    private sealed class Vector<T> : ColumnSource
        where T : struct, System.Numerics.INumberBase<T>
    {
        private readonly double[][] _slots;

        public Vector(Table table, BridgedColumn column)
            : base(column)
        {
            _slots = new double[column.Slots][];
            for (int s = 0; s < _slots.Length; s++)
            {
                _slots[s] = table[column.TableColumn(s)] as NumericColumn is { } n ? n.Values
                    : throw new ArgumentException($"Slot {s} of '{column.Name}' is not numeric in the table.");
            }
        }

        public override Delegate MakeGetter(Cursor cursor)
            => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
            {
                var editor = VBufferEditor.Create(ref value, _slots.Length);
                int row = cursor.Row;
                for (int s = 0; s < _slots.Length; s++)
                {
                    editor.Values[s] = ToNumber<T>(_slots[s][row]);
                }

                value = editor.Commit();
            });
    }
}
