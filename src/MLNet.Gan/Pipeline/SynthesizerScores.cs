using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Augmentation;
using MLNet.Gan.DataViews;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Pipeline;

/// <summary>
/// Critic and decoder scores as features (<c>mlContext.Transforms.SynthesizerScores</c>): <see cref="Fit"/>
/// trains CTGAN and TVAE on the training rows' positives (the label left out) and returns a transformer
/// that adds two <c>Single</c> columns to any rows: <see cref="CriticColumnName"/>, the trained critic's
/// score (how much a row looks like a training positive to the critic), and
/// <see cref="ReconstructionColumnName"/>, TVAE's reconstruction error (how far a row is from what it
/// learned positives look like). A classifier after it sees how "positive-like" each row is to a
/// generative model — the seed articles' "GAN for anomaly detection". The label need not be present
/// when transforming.
/// </summary>
public sealed class SynthesizerScoreEstimator : IEstimator<SynthesizerScoreTransformer>
{
    private readonly OversamplingOptions _label;
    private readonly CtGanOptions _ctGan;
    private readonly TvaeOptions _tvae;

    internal SynthesizerScoreEstimator(string labelColumnName, string positiveClass, CtGanOptions ctGan, TvaeOptions tvae, string criticColumnName, string reconstructionColumnName)
    {
        _label = new OversamplingOptions { LabelColumn = labelColumnName, PositiveClass = positiveClass };
        _ctGan = ctGan;
        _tvae = tvae;
        CriticColumnName = criticColumnName;
        ReconstructionColumnName = reconstructionColumnName;
    }

    /// <summary>The column that receives the critic's score.</summary>
    public string CriticColumnName { get; }

    /// <summary>The column that receives TVAE's reconstruction error.</summary>
    public string ReconstructionColumnName { get; }

    /// <summary>Trains CTGAN and TVAE on <paramref name="input"/>'s positive rows.</summary>
    public SynthesizerScoreTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        SchemaColumns.Require(input.Schema, _label.LabelColumn, "label column for the synthesizer scores", "training data");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var table = DataViewLayout.Of(input.Schema).Read(input, _label.LabelColumn);
        var positives = _label.Minority(table).Drop(_label.LabelColumn);
        var ctGan = new CtGan(_ctGan).Fit(positives);
        var tvae = new Tvae(_tvae).Fit(positives);
        return new SynthesizerScoreTransformer(ctGan, tvae, CriticColumnName, ReconstructionColumnName) { FitSeconds = clock.Elapsed.TotalSeconds };
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        // ML.NET keeps SchemaShape's column constructor internal; a stock conversion of the label (which
        // Fit needs anyway) into two Single columns of the scores' names yields the same shape
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new MLContext().Transforms.Conversion.ConvertType(
            [new InputOutputColumnPair(CriticColumnName, _label.LabelColumn), new InputOutputColumnPair(ReconstructionColumnName, _label.LabelColumn)], DataKind.Single)
            .GetOutputSchema(inputSchema);
    }
}

/// <summary>
/// Adds a trained critic's score and TVAE's reconstruction error to every row (see
/// <see cref="SynthesizerScoreEstimator"/>). It reads its input once into memory and returns a new view
/// with the visible columns and the two scores; it is not a row-to-row mapper, so a chain that holds
/// it runs on data views (Transform, evaluation), not in a <c>PredictionEngine</c>, and cannot be saved
/// with <c>mlContext.Model.Save</c> (only the generator and decoder halves are in our model archive).
/// </summary>
public sealed class SynthesizerScoreTransformer : ITransformer
{
    internal SynthesizerScoreTransformer(CtGanModel ctGan, TvaeModel tvae, string criticColumnName, string reconstructionColumnName)
    {
        CtGan = ctGan;
        Tvae = tvae;
        CriticColumnName = criticColumnName;
        ReconstructionColumnName = reconstructionColumnName;
    }

    /// <summary>Seconds the fit took (both models).</summary>
    public double FitSeconds { get; init; }

    /// <summary>The CTGAN whose critic scores rows.</summary>
    public CtGanModel CtGan { get; }

    /// <summary>The TVAE whose reconstruction error scores rows.</summary>
    public TvaeModel Tvae { get; }

    /// <summary>The column that receives the critic's score.</summary>
    public string CriticColumnName { get; }

    /// <summary>The column that receives TVAE's reconstruction error.</summary>
    public string ReconstructionColumnName { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <summary><paramref name="input"/>'s visible columns with the two scores added.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var layout = Layout(input.Schema);
        var table = DataViewLayout.Of(input.Schema).Read(input);
        var critic = RowScores.Critic(CtGan, table);
        var reconstruction = RowScores.ReconstructionError(Tvae, table);
        return layout.Write(new Table([.. table.Columns, Column(CriticColumnName, critic), Column(ReconstructionColumnName, reconstruction)], table.Label));
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Layout(inputSchema).Schema;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new InvalidOperationException("Synthesizer scores are computed over a whole data view; they are not a row-to-row mapper (PredictionEngine cannot run them).");

    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("Synthesizer scores cannot be saved inside an ML.NET model file: the critic and TVAE's encoder live in memory only.");

    private DataViewLayout Layout(DataViewSchema schema) => DataViewLayout.Of(schema).WithSingle(CriticColumnName).WithSingle(ReconstructionColumnName);

    private static NumericColumn Column(string name, float[] values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            wide[i] = values[i];
        }

        return new NumericColumn(name, wide);
    }
}

/// <summary><c>mlContext.Transforms.SynthesizerScores</c>.</summary>
public static class SynthesizerScoreExtensions
{
    /// <summary>
    /// Critic and decoder scores as features: CTGAN and TVAE trained on the training rows' positives
    /// (<paramref name="epochs"/> each, seeded, point masses off as for the oversamplers) add the critic's
    /// score and the reconstruction error as <c>Single</c> columns (see <see cref="SynthesizerScoreEstimator"/>).
    /// Put it before the featurizer and add the two columns to the features.
    /// </summary>
    public static SynthesizerScoreEstimator SynthesizerScores(this TransformsCatalog catalog, string labelColumnName, string positiveClass, int epochs = 300, long seed = 0,
        string criticColumnName = "CriticScore", string reconstructionColumnName = "ReconstructionError")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        return new SynthesizerScoreEstimator(labelColumnName, positiveClass, AugmentationCatalog.DefaultCtGanOptions(seed, epochs), AugmentationCatalog.DefaultTvaeOptions(seed, epochs), criticColumnName, reconstructionColumnName);
    }
}
