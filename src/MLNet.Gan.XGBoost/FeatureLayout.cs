using MLNet.Gan.Tabular;

namespace MLNet.Gan.XGBoost;

/// <summary>
/// How a table becomes XGBoost's float matrix: numeric columns as they are (a missing cell is NaN,
/// which XGBoost treats as missing and learns a default direction for), categorical columns one-hot
/// over the categories seen in training (an unseen category is all zeros). The label and the
/// score column are left out.
/// </summary>
internal sealed class FeatureLayout
{
    private readonly (string Name, string[]? Categories)[] _columns;

    public FeatureLayout(Table training, string labelColumn, IReadOnlyCollection<string> exclude)
        : this([.. training.Columns
            .Where(c => c.Name != labelColumn && !exclude.Contains(c.Name))
            .Select(c => (c.Name, c is CategoricalColumn cat ? cat.Categories.ToArray() : null))])
    {
    }

    /// <summary>A layout of the given columns: a name, and the categories of a categorical column (null for numeric).</summary>
    public FeatureLayout((string Name, string[]? Categories)[] columns)
    {
        _columns = columns;
        Width = _columns.Sum(c => c.Categories?.Length ?? 1);
        if (Width == 0)
        {
            throw new ArgumentException("The table has no feature columns besides the label.");
        }
    }

    public int Width { get; }

    /// <summary>The feature columns in order (what a saved model records).</summary>
    public IReadOnlyList<(string Name, string[]? Categories)> Columns => _columns;

    public float[] Build(Table table)
    {
        var data = new float[(long)table.RowCount * Width];
        int offset = 0;
        foreach (var (name, categories) in _columns)
        {
            if (!table.Contains(name))
            {
                throw new DataFormatException("the table has no such feature column; the classifier was trained with it.", column: name);
            }

            var column = table[name];
            if (categories is null)
            {
                var values = column is NumericColumn n ? n.Values
                    : throw new DataFormatException("expected a numeric column (it was numeric in training).", column: name);
                for (int r = 0; r < values.Length; r++)
                {
                    data[((long)r * Width) + offset] = (float)values[r];
                }

                offset++;
                continue;
            }

            var c = column as CategoricalColumn ?? throw new DataFormatException("expected a categorical column (it was categorical in training).", column: name);
            var index = categories.Select((v, i) => (v, i)).ToDictionary(t => t.v, t => t.i);
            var map = c.Categories.Select(v => index.TryGetValue(v, out int i) ? i : -1).ToArray();
            for (int r = 0; r < c.Length; r++)
            {
                int k = map[c.Codes[r]];
                if (k >= 0)
                {
                    data[((long)r * Width) + offset + k] = 1f;
                }
            }

            offset += categories.Length;
        }

        return data;
    }
}
