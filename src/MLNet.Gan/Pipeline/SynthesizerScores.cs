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
/// <para>
/// The training rows' scores are <b>out-of-fold</b> (stacking, Wolpert 1992; scikit-learn's
/// <c>cross_val_predict</c>): the training rows are split into stratified folds, and each fold's rows
/// are scored by models fitted on the other folds' positives. Scored by models fitted on themselves,
/// training positives would look more "positive" than any new positive, and the classifier would learn
/// to trust the scores more than they deserve. The transformer's models, which score every other view,
/// are fitted on all training positives. An <c>EstimatorChain</c> hands the next step
/// <c>Transform</c> of the very view it fitted on, which therefore gets the out-of-fold scores.
/// </para>
/// </summary>
public sealed class SynthesizerScoreEstimator : IEstimator<SynthesizerScoreTransformer>
{
    private readonly OversamplingOptions _label;
    private readonly CtGanOptions _ctGan;
    private readonly TvaeOptions _tvae;
    private readonly int _folds;

    internal SynthesizerScoreEstimator(string labelColumnName, string positiveClass, CtGanOptions ctGan, TvaeOptions tvae, string criticColumnName, string reconstructionColumnName, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        _label = new OversamplingOptions { LabelColumn = labelColumnName, PositiveClass = positiveClass };
        _ctGan = ctGan;
        _tvae = tvae;
        _folds = folds;
        CriticColumnName = criticColumnName;
        ReconstructionColumnName = reconstructionColumnName;
    }

    /// <summary>The column that receives the critic's score.</summary>
    public string CriticColumnName { get; }

    /// <summary>The column that receives TVAE's reconstruction error.</summary>
    public string ReconstructionColumnName { get; }

    /// <summary>Folds of the out-of-fold training scores.</summary>
    public int Folds => _folds;

    /// <summary>
    /// Trains CTGAN and TVAE on <paramref name="input"/>'s positive rows, and once per fold on the
    /// positives outside the fold to score that fold's rows (the out-of-fold training scores).
    /// </summary>
    public SynthesizerScoreTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        SchemaColumns.Require(input.Schema, _label.LabelColumn, "label column for the synthesizer scores", "training data");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var table = DataViewLayout.Of(input.Schema).Read(input, _label.LabelColumn);
        var label = table.LabelColumn!;
        var isPositive = label.Matches(_label.PositiveValue(table));
        int positives = isPositive.Count(p => p);
        if (positives < 2 * _folds)
        {
            throw new ArgumentException($"Out-of-fold synthesizer scores need at least {2 * _folds} positive training rows, two per fold, so that every fold's models train on at least two (got {positives} with '{_label.LabelColumn}' = '{_label.PositiveClass}').");
        }

        var foldOf = Stratification.FoldOf(label.Codes, label.Categories.Count, _folds, _ctGan.Seed);
        var critic = new float[table.RowCount];
        var reconstruction = new float[table.RowCount];
        var unlabelled = table.Drop(_label.LabelColumn);
        for (int fold = 0; fold < _folds; fold++)
        {
            int f = fold;
            var others = unlabelled.Select([.. Enumerable.Range(0, table.RowCount).Where(r => isPositive[r] && foldOf[r] != f)]);
            int[] inFold = [.. Enumerable.Range(0, table.RowCount).Where(r => foldOf[r] == f)];
            var rows = unlabelled.Select(inFold);
            var foldCritic = RowScores.Critic(new CtGan(_ctGan).Fit(others), rows);
            var foldReconstruction = RowScores.ReconstructionError(new Tvae(_tvae).Fit(others), rows);
            for (int i = 0; i < inFold.Length; i++)
            {
                critic[inFold[i]] = foldCritic[i];
                reconstruction[inFold[i]] = foldReconstruction[i];
            }
        }

        var allPositives = unlabelled.Select([.. Enumerable.Range(0, table.RowCount).Where(r => isPositive[r])]);
        var ctGan = new CtGan(_ctGan).Fit(allPositives);
        var tvae = new Tvae(_tvae).Fit(allPositives);
        return new SynthesizerScoreTransformer(ctGan, tvae, CriticColumnName, ReconstructionColumnName, input, critic, reconstruction) { FitSeconds = clock.Elapsed.TotalSeconds };
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!SchemaShapes.Has(inputSchema, _label.LabelColumn))
        {
            throw new ArgumentException($"The training data has no label column '{_label.LabelColumn}' for the synthesizer scores.", nameof(inputSchema));
        }

        return SchemaShapes.WithSingle(SchemaShapes.WithSingle(inputSchema, CriticColumnName, _label.LabelColumn), ReconstructionColumnName, _label.LabelColumn);
    }
}

/// <summary>
/// Adds a trained critic's score and TVAE's reconstruction error to every row (see
/// <see cref="SynthesizerScoreEstimator"/>): the view it was fitted on gets its out-of-fold scores,
/// any other view the scores of the models fitted on all training positives. It reads its input once into memory and returns a new view
/// with the visible columns and the two scores; it is not a row-to-row mapper, so a chain that holds
/// it runs on data views (Transform, evaluation), not in a <c>PredictionEngine</c>, and cannot be saved
/// with <c>mlContext.Model.Save</c> (only the generator and decoder halves are in our model archive).
/// </summary>
public sealed class SynthesizerScoreTransformer : ITransformer
{
    // the training view (held weakly: the transformer must not keep the training data alive) and its out-of-fold scores
    private readonly WeakReference<IDataView>? _trainingView;
    private readonly float[] _trainingCritic, _trainingReconstruction;

    internal SynthesizerScoreTransformer(CtGanModel ctGan, TvaeModel tvae, string criticColumnName, string reconstructionColumnName,
        IDataView? trainingView = null, float[]? trainingCritic = null, float[]? trainingReconstruction = null)
    {
        CtGan = ctGan;
        Tvae = tvae;
        CriticColumnName = criticColumnName;
        ReconstructionColumnName = reconstructionColumnName;
        _trainingView = trainingView is null ? null : new WeakReference<IDataView>(trainingView);
        _trainingCritic = trainingCritic ?? [];
        _trainingReconstruction = trainingReconstruction ?? [];
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

    /// <summary>
    /// <paramref name="input"/>'s visible columns with the two scores added: out-of-fold scores when
    /// <paramref name="input"/> is the view this transformer was fitted on, else the full models' scores.
    /// </summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var layout = Layout(input.Schema);
        var table = DataViewLayout.Of(input.Schema).Read(input);
        bool training = _trainingView is not null && _trainingView.TryGetTarget(out var fitted) && ReferenceEquals(fitted, input) && table.RowCount == _trainingCritic.Length;
        var critic = training ? _trainingCritic : RowScores.Critic(CtGan, table);
        var reconstruction = training ? _trainingReconstruction : RowScores.ReconstructionError(Tvae, table);
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
    /// score and the reconstruction error as <c>Single</c> columns (see <see cref="SynthesizerScoreEstimator"/>);
    /// the training rows' scores are out-of-fold over <paramref name="folds"/> stratified folds (default 5,
    /// as scikit-learn's <c>cross_val_predict</c>), so fitting costs <paramref name="folds"/> + 1 fits of each model.
    /// Put it before the featurizer and add the two columns to the features.
    /// </summary>
    public static SynthesizerScoreEstimator SynthesizerScores(this TransformsCatalog catalog, string labelColumnName, string positiveClass, int epochs = 300, long seed = 0,
        string criticColumnName = "CriticScore", string reconstructionColumnName = "ReconstructionError", int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        return new SynthesizerScoreEstimator(labelColumnName, positiveClass, AugmentationCatalog.DefaultCtGanOptions(seed, epochs), AugmentationCatalog.DefaultTvaeOptions(seed, epochs), criticColumnName, reconstructionColumnName, folds);
    }
}
