using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Images;
using MLNet.Gan.Logging;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Pipeline;

/// <summary>The synthesizers as ML.NET estimators (<c>mlContext.Synthesizers</c>).</summary>
public sealed class SynthesizerCatalog
{
    private readonly long _seed;
    private readonly ContextLog _log;

    internal SynthesizerCatalog(long seed, ContextLog log) => (_seed, _log) = (seed, log);

    /// <summary>
    /// CTGAN (Xu et al. 2019) trained on every visible column; <paramref name="labelColumnName"/>, when
    /// given, is kept categorical (a number label too). Without <paramref name="options"/>, CTGAN's
    /// defaults; the options are copied, so changing them later does not change the estimator. The seed is
    /// <paramref name="seed"/> when given, else the options' when they are given, else one drawn from the
    /// context. <paramref name="cancellationToken"/> stops the fit within one training step with an
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public SynthesizerEstimator CtGan(CtGanOptions? options = null, string? labelColumnName = null, int? seed = null, CancellationToken cancellationToken = default)
    {
        var o = options?.Clone() ?? new CtGanOptions { Seed = _seed };
        o.Seed = seed ?? o.Seed;
        o.Validate();
        return Logged("CTGAN", labelColumnName, $"{o.Epochs} epochs, batch {o.BatchSize}, seed {o.Seed}", o.Progress, (table, progress) =>
        {
            var run = o.Clone();
            run.Progress = progress;
            return new CtGan(run).Fit(table, cancellationToken);
        });
    }

    /// <summary>
    /// TVAE (Xu et al. 2019) trained on every visible column; <paramref name="labelColumnName"/>, when
    /// given, is kept categorical. Options, seed and cancellation as <see cref="CtGan"/>'s.
    /// </summary>
    public SynthesizerEstimator Tvae(TvaeOptions? options = null, string? labelColumnName = null, int? seed = null, CancellationToken cancellationToken = default)
    {
        var o = options?.Clone() ?? new TvaeOptions { Seed = _seed };
        o.Seed = seed ?? o.Seed;
        o.Validate();
        return Logged("TVAE", labelColumnName, $"{o.Epochs} epochs, batch {o.BatchSize}, seed {o.Seed}", o.Progress, (table, progress) =>
        {
            var run = o.Clone();
            run.Progress = progress;
            return new Tvae(run).Fit(table, cancellationToken);
        });
    }

    /// <summary>
    /// An estimator whose fit logs through the context: its start (rows, columns, <paramref name="settings"/>),
    /// every tenth of its epochs (the progress handed to <paramref name="fit"/>, which also reaches the
    /// caller's own <paramref name="callerProgress"/>) and its end.
    /// </summary>
    private SynthesizerEstimator Logged(string name, string? labelColumnName, string settings, IProgress<TrainingProgress>? callerProgress, Func<Table, IProgress<TrainingProgress>, ISynthesizerModel> fit)
        => new(name, labelColumnName, table => _log.Run($"{name} fit", info =>
        {
            info($"{name}: training on {table.RowCount:N0} rows × {table.Columns.Count} columns, {settings}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var model = fit(table, TrainingProgress.Logged(name, info, callerProgress));
            info($"{name}: trained in {clock.Elapsed:hh\\:mm\\:ss}");
            return model;
        }));

    /// <summary>
    /// A class-conditional DCGAN (Radford et al. 2016) on images of <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/>
    /// (height and width multiples of 4) read from <paramref name="imageColumnName"/>, a vector of numbers in NCHW order as
    /// ML.NET's <c>LoadImages</c> → <c>ResizeImages</c> → <c>ExtractPixels</c> make it, with classes from
    /// <paramref name="labelColumnName"/>. Options, seed and cancellation as <see cref="CtGan"/>'s; without options, the
    /// worked example's networks with the least-squares loss (<see cref="DcganOptions"/>).
    /// </summary>
    public DcganEstimator Dcgan(string imageColumnName, string labelColumnName, int height, int width, int channels = 1, DcganOptions? options = null, int? seed = null, CancellationToken cancellationToken = default)
    {
        var o = options?.Clone() ?? new DcganOptions { Seed = _seed };
        o.Seed = seed ?? o.Seed;
        return new DcganEstimator(imageColumnName, labelColumnName, channels, height, width, o, _log, cancellationToken);
    }

    /// <summary>Loads a DCGAN saved with <see cref="DcganTransformer.Save"/>; its generated views name their columns <paramref name="imageColumnName"/> and <paramref name="labelColumnName"/>.</summary>
    public DcganTransformer LoadDcgan(string path, string imageColumnName = "Pixels", string labelColumnName = "Label") => new(DcganModel.Load(path), imageColumnName, labelColumnName);

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

    /// <summary>
    /// The schema of the views the fitted synthesizer generates: every visible column of the input, numbers
    /// as <c>Single</c>, Booleans, text, keys and the label as text. A number vector's slots come out as
    /// <c>Single</c> columns <c>name[0]</c> … <c>name[n − 1]</c>; a schema shape does not carry the vector's
    /// size, so they are left out here.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var columns = new List<SchemaShape.Column>();
        foreach (var column in inputSchema)
        {
            if (column.Kind != SchemaShape.Column.VectorKind.Scalar)
            {
                continue;
            }

            bool number = column.ItemType is NumberDataViewType && column.Name != LabelColumnName && !column.IsKey;
            columns.Add(SchemaShapes.Scalar(inputSchema, column.Name, column.Name, number ? DataKind.Single : DataKind.String));
        }

        return new SchemaShape(columns);
    }
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
