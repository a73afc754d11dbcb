using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Gan.DataViews;

/// <summary>
/// The rows of a source view that a mask keeps, in source order, read through the source's own cursor
/// (nothing is copied). The source must give its rows in the same order every time, as loaded data does.
/// </summary>
internal sealed class RowSubsetDataView(IDataView source, bool[] keep, int rows) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(source.GetRowCursor(columnsNeeded), keep);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>A view of the rows whose mask entry is true.</summary>
    public static IDataView Of(IDataView source, bool[] keep)
    {
        int count = 0;
        foreach (bool k in keep)
        {
            count += k ? 1 : 0;
        }

        return new RowSubsetDataView(source, keep, count);
    }

    private sealed class Cursor(DataViewRowCursor inner, bool[] keep) : DataViewRowCursor
    {
        private long _sourceRow = -1;
        private long _position = -1;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            while (inner.MoveNext())
            {
                _sourceRow++;
                if (_sourceRow >= keep.Length)
                {
                    throw new InvalidOperationException($"The source data has more rows than the {keep.Length} it had when it was split.");
                }

                if (keep[_sourceRow])
                {
                    _position++;
                    return true;
                }
            }

            _position = -1;
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
