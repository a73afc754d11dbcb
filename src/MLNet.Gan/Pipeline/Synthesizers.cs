using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Pipeline;

/// <summary>The synthesizers as ML.NET estimators (<c>mlContext.Synthesizers</c>).</summary>
public sealed class SynthesizerCatalog
{
    internal SynthesizerCatalog()
    {
    }

    /// <summary>CTGAN (Xu et al. 2019) trained on every visible column; <paramref name="labelColumnName"/>, when given, is kept categorical (a number label too).</summary>
    public SynthesizerEstimator CtGan(CtGanOptions? options = null, string? labelColumnName = null)
    {
        var o = options ?? new CtGanOptions();
        return new SynthesizerEstimator("CTGAN", labelColumnName, table => new CtGan(o).Fit(table));
    }

    /// <summary>TVAE (Xu et al. 2019) trained on every visible column; <paramref name="labelColumnName"/>, when given, is kept categorical.</summary>
    public SynthesizerEstimator Tvae(TvaeOptions? options = null, string? labelColumnName = null)
    {
        var o = options ?? new TvaeOptions();
        return new SynthesizerEstimator("TVAE", labelColumnName, table => new Tvae(o).Fit(table));
    }

    /// <summary>Loads a synthesizer saved with <see cref="SynthesizerTransformer.Save"/> (CTGAN or TVAE, trained with this library's CLI too).</summary>
    public SynthesizerTransformer Load(string path) => new(SynthesizerModel.Load(path));
}

/// <summary>
/// An unfitted synthesizer: <see cref="Fit"/> trains it on a data view's visible columns (numbers,
/// Booleans, text, keys, number vectors) and returns a <see cref="SynthesizerTransformer"/>.
/// </summary>
public sealed class SynthesizerEstimator : IEstimator<SynthesizerTransformer>
{
    private readonly Func<Table, ISynthesizerModel> _train;

    internal SynthesizerEstimator(string name, string? label, Func<Table, ISynthesizerModel> train)
    {
        Name = name;
        LabelColumnName = label;
        _train = train;
    }

    /// <summary>CTGAN or TVAE.</summary>
    public string Name { get; }

    /// <summary>The label column, if any (a condition like any discrete column, kept categorical).</summary>
    public string? LabelColumnName { get; }

    /// <summary>Trains on <paramref name="input"/>'s rows (read once into our columnar table).</summary>
    public SynthesizerTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = DataViewLayout.Of(input.Schema).Read(input, LabelColumnName);
        return new SynthesizerTransformer(_train(table));
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
}

/// <summary>
/// A trained synthesizer. <see cref="Generate"/> makes a data view of any size, optionally with one
/// discrete column held at a value; <see cref="Transform"/> makes as many synthetic rows as its input
/// has. Generated views hold numbers as <c>Single</c> and discrete columns as text, whatever types the
/// training view had. ML.NET cannot hold a third-party transformer inside <c>mlContext.Model.Save</c>
/// (its saving context is internal), so a synthesizer saves to its own archive with <see cref="Save"/>
/// and loads with <c>mlContext.Synthesizers.Load</c>; <c>mlContext.Model.Save</c> of it throws.
/// </summary>
public sealed class SynthesizerTransformer : ITransformer
{
    internal SynthesizerTransformer(ISynthesizerModel model)
    {
        Model = model;
        var empty = model.Sample(0, null, null, seed: 0, roundIntegers: true);
        OutputSchema = empty.ToDataView().Schema;
    }

    /// <summary>The trained model (encoder, networks, loss history).</summary>
    public ISynthesizerModel Model { get; }

    /// <summary>The schema of generated views.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <summary>
    /// <paramref name="rows"/> synthetic rows; with <paramref name="column"/> and <paramref name="value"/>
    /// every row has that value (any discrete column). Integer columns are rounded unless
    /// <paramref name="roundIntegers"/> is false. The same seed gives the same rows.
    /// </summary>
    public IDataView Generate(int rows, string? column = null, string? value = null, long seed = 0, bool roundIntegers = true)
        => Model.Sample(rows, column, value, seed, roundIntegers).ToDataView();

    /// <summary>As many synthetic rows as <paramref name="input"/> has (seed 0).</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long rows = SchemaColumns.RowCount(input);
        return Generate(checked((int)rows));
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => OutputSchema;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new InvalidOperationException("A synthesizer makes new rows; it is not a row-to-row mapper (PredictionEngine cannot run it).");

    /// <summary>Saves to our versioned archive (encoder, networks, history), atomically.</summary>
    public void Save(string path) => Model.Save(path);

    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("A synthesizer cannot be saved inside an ML.NET model file (ML.NET gives third-party transformers no saved format); use SynthesizerTransformer.Save(path) and mlContext.Synthesizers.Load(path).");
}
