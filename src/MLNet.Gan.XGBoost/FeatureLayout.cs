using MLNet.Gan.Tabular;

namespace MLNet.Gan.XGBoost;

/// <summary>
/// How a table becomes XGBoost's float matrix: numeric columns as they are (a missing cell is NaN,
/// which XGBoost treats as missing and learns a default direction for); categorical columns one-hot
/// over the categories seen in training (an unseen category is all zeros), or, when every category
/// is a number and the options allow it, as that number (an unseen non-numeric category is NaN).
/// The label and the score column are left out.
/// </summary>
internal sealed class FeatureLayout
{
    private readonly FeatureColumn[] _columns;

    public FeatureLayout(Table training, string labelColumn, IReadOnlyCollection<string> exclude, bool numberCategoriesAsNumbers)
        : this([.. training.Columns
            .Where(c => c.Name != labelColumn && !exclude.Contains(c.Name))
            .Select(c => c is CategoricalColumn cat
                ? new FeatureColumn(c.Name, [.. cat.Categories], numberCategoriesAsNumbers && cat.Categories.All(v => ParseNumber(v) is not null))
                : new FeatureColumn(c.Name, null, false))])
    {
    }

    /// <summary>A layout of the given columns.</summary>
    public FeatureLayout(FeatureColumn[] columns)
    {
        _columns = columns;
        Width = _columns.Sum(c => c.Categories is null || c.AsNumber ? 1 : c.Categories.Length);
        if (Width == 0)
        {
            throw new ArgumentException("The table has no feature columns besides the label.");
        }
    }

    public int Width { get; }

    /// <summary>The feature columns in order (what a saved model records).</summary>
    public IReadOnlyList<FeatureColumn> Columns => _columns;

    /// <summary>The finite number a category's text denotes (invariant culture), or null.</summary>
    internal static double? ParseNumber(string category)
        => double.TryParse(category, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    public float[] Build(Table table)
    {
        var data = new float[(long)table.RowCount * Width];
        int offset = 0;
        foreach (var (name, categories, asNumber) in _columns)
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
            if (asNumber)
            {
                var numbers = c.Categories.Select(v => (float)(ParseNumber(v) ?? double.NaN)).ToArray();
                for (int r = 0; r < c.Length; r++)
                {
                    data[((long)r * Width) + offset] = numbers[c.Codes[r]];
                }

                offset++;
                continue;
            }

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

/// <summary>
/// One feature column: its name, the training categories of a categorical column (null for
/// numeric), and whether those categories reach the trees as their numbers rather than one-hot.
/// </summary>
internal sealed record FeatureColumn(string Name, string[]? Categories, bool AsNumber);
