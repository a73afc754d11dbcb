using Microsoft.ML;

namespace MLNet.Gan.DataViews;

/// <summary>Column look-ups whose error says what was asked for and what there is.</summary>
internal static class SchemaColumns
{
    /// <summary>The view's row count: the one it reports, else counted with a cursor over no columns.</summary>
    public static long RowCount(IDataView view)
    {
        if (view.GetRowCount() is long known)
        {
            return known;
        }

        long n = 0;
        using var cursor = view.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            n++;
        }

        return n;
    }

    /// <summary>The visible column named <paramref name="name"/>, or an error naming it (as <paramref name="role"/>, e.g. "label column") and listing the visible columns.</summary>
    public static DataViewSchema.Column Require(DataViewSchema schema, string name, string role = "column", string data = "data")
        => schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The {data} has no {role} '{name}'. Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
}
