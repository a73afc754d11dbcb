using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;

namespace MLNet.Gan.XGBoost;

/// <summary>
/// A trained XGBoost classifier: <see cref="Transform"/> adds <c>Score</c> (the log-odds: the trees' summed margin),
/// <c>Probability</c> and <c>PredictedLabel</c> (probability ≥ 0.5) to every row, as ML.NET's binary
/// trainers do, so <c>mlContext.BinaryClassification.Evaluate</c> reads it. Scoring predicts the
/// whole view in one call. It is not a row-to-row mapper (no <c>PredictionEngine</c>), and ML.NET
/// gives third-party transformers no saved format: <see cref="SaveBooster"/> writes XGBoost's own
/// file. For a model saved with <c>mlContext.Model.Save</c>, use FastTree or LightGbm.
/// </summary>
public sealed class XGBoostBinaryModel : ITransformer, IDisposable
{
    private readonly BoosterHandle _booster;
    private readonly string _featureColumn;
    private readonly int _width;

    internal XGBoostBinaryModel(BoosterHandle booster, string featureColumn, int width)
    {
        _booster = booster;
        _featureColumn = featureColumn;
        _width = width;
    }

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <summary>The booster in XGBoost's own binary format (<c>xgboost.Booster().load_model(bytearray(…))</c> reads it).</summary>
    public byte[] ModelBytes() => Booster.Bytes(_booster);

    /// <summary>Writes <see cref="ModelBytes"/> to <paramref name="path"/>, atomically.</summary>
    public void SaveBooster(string path) => IO.AtomicFile.Write(path, s => s.Write(ModelBytes()));

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => ScoredDataView.SchemaOf(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        var features = FeatureMatrix.Read(input, _featureColumn, out int rows, out int width);
        if (width != _width)
        {
            throw new ArgumentException($"Schema mismatch for feature column '{_featureColumn}': expected a vector of {_width}, got {width}.");
        }

        return new ScoredDataView(input, Booster.Predict(_booster, features, rows, width, margin: true));
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new InvalidOperationException("The XGBoost model scores whole views, not single rows: PredictionEngine needs FastTree or LightGbm.");

    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("An XGBoost model cannot be saved inside an ML.NET model file (ML.NET gives third-party transformers no saved format). Use FastTree or LightGbm for a model you save with mlContext.Model.Save, or XGBoostBinaryModel.SaveBooster.");

    /// <inheritdoc />
    public void Dispose() => _booster.Dispose();
}

/// <summary>Reads a <c>Vector&lt;Single&gt;</c> column into a dense row-major matrix in one cursor pass.</summary>
internal static class FeatureMatrix
{
    /// <summary>The visible column named <paramref name="name"/>, or an error naming it as <paramref name="role"/> and listing the visible columns.</summary>
    public static DataViewSchema.Column Require(DataViewSchema schema, string name, string role, string data)
        => schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The {data} has no {role} '{name}'. Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");

    public static float[] Read(IDataView data, string name, out int rows, out int width)
    {
        var column = Require(data.Schema, name, "feature column", "data");
        if (column.Type is not VectorDataViewType { IsKnownSize: true, ItemType: NumberDataViewType item } vector || item.RawType != typeof(float))
        {
            throw new ArgumentException($"Schema mismatch for feature column '{name}': expected Vector<Single> of known size, got {column.Type}.");
        }

        width = vector.Size;
        var values = new List<float>(checked((int)(data.GetRowCount() ?? 0) * width));
        var buffer = default(VBuffer<float>);
        var row = new float[width];
        rows = 0;
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            buffer.CopyTo(row); // dense, whatever the buffer's representation
            values.AddRange(row);
            rows++;
        }

        return [.. values];
    }
}

/// <summary>The input view plus Score, Probability and PredictedLabel columns read from arrays by row.</summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly float[] _margins;
    private readonly float[] _probabilities;

    public ScoredDataView(IDataView input, float[] margins)
    {
        _input = input;
        _margins = margins;
        _probabilities = [.. margins.Select(m => (float)(1 / (1 + Math.Exp(-m))))];
        Schema = SchemaOf(input.Schema);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public static DataViewSchema SchemaOf(DataViewSchema input)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn("Score", NumberDataViewType.Single);
        builder.AddColumn("Probability", NumberDataViewType.Single);
        builder.AddColumn("PredictedLabel", BooleanDataViewType.Instance);
        return builder.ToSchema();
    }

    public long? GetRowCount() => _probabilities.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        var inputColumns = needed.Where(c => c.Index < _input.Schema.Count).Select(c => _input.Schema[c.Index]);
        return new Cursor(this, _input.GetRowCursor(inputColumns), needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ScoredDataView view, DataViewRowCursor inner, DataViewSchema.Column[] needed) : DataViewRowCursor
    {
        private readonly HashSet<int> _active = [.. needed.Select(c => c.Index)];

        public override DataViewSchema Schema => view.Schema;

        public override long Position => inner.Position;

        public override long Batch => 0;

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int inputCount = view._input.Schema.Count;
            if (column.Index < inputCount)
            {
                return inner.GetGetter<TValue>(view._input.Schema[column.Index]);
            }

            var (m, p) = (view._margins, view._probabilities);
            Delegate getter = (column.Index - inputCount) switch
            {
                0 => (ValueGetter<float>)((ref float v) => v = m[Position]),
                1 => (ValueGetter<float>)((ref float v) => v = p[Position]),
                _ => (ValueGetter<bool>)((ref bool v) => v = p[Position] >= 0.5f),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it has no getter of {typeof(TValue).Name}.");
        }

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
