using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.IO;
using MLNet.Gan.Logging;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Anomaly;

/// <summary>Which of TVAE's per-row quantities is the anomaly score.</summary>
public enum TvaeAnomalyScore
{
    /// <summary>The negative evidence lower bound: reconstruction plus the latent code's KL divergence from the prior.</summary>
    NegativeElbo,

    /// <summary>The reconstruction term alone (z = μ).</summary>
    Reconstruction,
}

/// <summary>Options of the TVAE anomaly detector; the defaults are TVAE's, with a 1 % contamination.</summary>
public sealed class TvaeAnomalyOptions
{
    /// <summary>The TVAE trained on the normal rows. Default TVAE's defaults.</summary>
    public TvaeOptions Tvae { get; set; } = new();

    /// <summary>The share of training rows scored above the threshold (the rows flagged), in (0, 0.5]. Default 0.01.</summary>
    public double Contamination { get; set; } = 0.01;

    /// <summary>The score. Default <see cref="TvaeAnomalyScore.NegativeElbo"/>.</summary>
    public TvaeAnomalyScore Score { get; set; } = TvaeAnomalyScore.NegativeElbo;

    /// <summary>Columns the model does not learn from (a label, an identifier); they pass through scoring. Default none.</summary>
    public IReadOnlyList<string> IgnoreColumnNames { get; set; } = [];

    /// <summary>A copy that shares nothing a caller could change (the TVAE options are copied too).</summary>
    public TvaeAnomalyOptions Clone() => new()
    {
        Tvae = Tvae.Clone(),
        Contamination = Contamination,
        Score = Score,
        IgnoreColumnNames = [.. IgnoreColumnNames],
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option outside its range.</summary>
    public void Validate()
    {
        if (!(Contamination is > 0 and <= 0.5))
        {
            throw OptionChecks.Refuse(nameof(Contamination), Contamination.ToString(CultureInfo.InvariantCulture), "a share in (0, 0.5]");
        }

        ArgumentNullException.ThrowIfNull(Tvae);
        Tvae.Validate();
    }
}

/// <summary>
/// An anomaly detector for mixed-type rows: a TVAE learns what normal rows look like (numbers with
/// several modes, point masses, categories, missing cells, all through our table encoder), and each row
/// is scored by how unlikely the model finds it (<see cref="TvaeAnomalyOptions.Score"/>; higher = more
/// anomalous). The threshold is the training scores' (1 − contamination) quantile. Fitted on rows
/// without labels, or on the rows known to be normal.
/// </summary>
public sealed class TvaeAnomalyEstimator : IEstimator<TvaeAnomalyTransformer>
{
    private readonly TvaeAnomalyOptions _options;
    private readonly ContextLog _log;

    internal TvaeAnomalyEstimator(TvaeAnomalyOptions options, ContextLog log)
    {
        options.Validate();
        (_options, _log) = (options, log);
    }

    /// <summary>The options the detector trains with (a copy).</summary>
    public TvaeAnomalyOptions Options => _options.Clone();

    /// <summary>Trains the TVAE on <paramref name="input"/>'s visible columns (those ignored aside) and sets the threshold.</summary>
    public TvaeAnomalyTransformer Fit(IDataView input) => Fit(input, CancellationToken.None);

    /// <summary>As <see cref="Fit(IDataView)"/>; <paramref name="cancellationToken"/> stops the training within one step with an <see cref="OperationCanceledException"/>.</summary>
    public TvaeAnomalyTransformer Fit(IDataView input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = input.Schema.Where(c => !c.IsHidden && !_options.IgnoreColumnNames.Contains(c.Name)).Select(c => c.Name).ToArray();
        var table = DataViewLayout.Of(input.Schema, columns).Read(input);
        if (table.RowCount < 2)
        {
            throw new ArgumentException($"The anomaly detector needs at least 2 training rows; the data has {table.RowCount}.", nameof(input));
        }

        var model = _log.Run("TVAE anomaly detector fit", info =>
        {
            var tvae = _options.Tvae.Clone();
            info($"TVAE anomaly detector: training on {table.RowCount:N0} rows × {table.Columns.Count} columns, {tvae.Epochs} epochs, batch {tvae.BatchSize}, seed {tvae.Seed}");
            tvae.Progress = TrainingProgress.Logged("TVAE anomaly detector", info, _options.Tvae.Progress);
            return new Tvae(tvae).Fit(table, cancellationToken);
        });
        var scores = TvaeAnomalyTransformer.ScoreRows(model, _options.Score, table);
        var sorted = scores.Where(float.IsFinite).Order().ToArray();
        int index = Math.Clamp((int)Math.Ceiling((1 - _options.Contamination) * sorted.Length) - 1, 0, sorted.Length - 1);
        return new TvaeAnomalyTransformer(model, _options.Score, columns, sorted[index], _options.Contamination);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var first = inputSchema.First(c => c.Kind == SchemaShape.Column.VectorKind.Scalar).Name;
        var score = SchemaShapes.Scalar(inputSchema, TvaeAnomalyTransformer.ScoreColumnName, first, DataKind.Single);
        var predicted = SchemaShapes.Scalar(inputSchema, TvaeAnomalyTransformer.PredictedLabelColumnName, first, DataKind.Boolean);
        return new SchemaShape([.. inputSchema.Where(c => c.Name is not TvaeAnomalyTransformer.ScoreColumnName and not TvaeAnomalyTransformer.PredictedLabelColumnName), score, predicted]);
    }
}

/// <summary>
/// A fitted TVAE anomaly detector: <see cref="Transform"/> adds <c>Score</c> (<c>Single</c>, higher = more
/// anomalous) and <c>PredictedLabel</c> (<c>Boolean</c>, the score above <see cref="Threshold"/>) to every
/// row, as ML.NET's anomaly detectors do, so <c>mlContext.AnomalyDetection.Evaluate</c> reads its output. A
/// row's score depends on that row only; a category the training rows never had scores as unseen. It
/// saves to our archive (<see cref="Save"/>; load with <c>mlContext.AnomalyDetection.LoadTvae</c>).
/// </summary>
public sealed class TvaeAnomalyTransformer : ITransformer
{
    internal const string ScoreColumnName = "Score", PredictedLabelColumnName = "PredictedLabel";
    private const string DetectorEntry = "detector.json";

    private readonly TvaeModel _model;
    private readonly string[] _columns;

    internal TvaeAnomalyTransformer(TvaeModel model, TvaeAnomalyScore score, string[] columns, double threshold, double contamination)
    {
        (_model, Score, _columns, Threshold, Contamination) = (model, score, columns, threshold, contamination);
    }

    /// <summary>The score a row must exceed to be predicted anomalous.</summary>
    public double Threshold { get; }

    /// <summary>The share of training rows above the threshold it was set for.</summary>
    public double Contamination { get; }

    /// <summary>The score.</summary>
    public TvaeAnomalyScore Score { get; }

    /// <summary>The columns the model learned from, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _columns;

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <summary>
    /// <paramref name="input"/> with <c>Score</c> and <c>PredictedLabel</c> added. Every column the model
    /// learned from must be there (a clear error names the first missing); other columns pass through.
    /// </summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var name in _columns)
        {
            SchemaColumns.Require(input.Schema, name, "column the anomaly detector learned from", "data to score");
        }

        var layout = DataViewLayout.Of(input.Schema);
        var all = layout.Read(input);
        var scores = ScoreRows(_model, Score, new Table([.. _columns.Select(c => all[c])]));
        var flagged = scores.Select(s => s > Threshold ? 1 : 0).ToArray();
        var output = new Table([.. all.Columns, new NumericColumn(ScoreColumnName, [.. scores.Select(s => (double)s)]), new CategoricalColumn(PredictedLabelColumnName, flagged, ["False", "True"])], all.Label);
        return Scored(layout).Write(output);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Scored(DataViewLayout.Of(inputSchema)).Schema;

    /// <summary>The input's layout with the two columns the detector adds.</summary>
    private static DataViewLayout Scored(DataViewLayout input)
        => input.WithSingle(ScoreColumnName, "the anomaly score").WithBoolean(PredictedLabelColumnName, "the predicted label");

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new InvalidOperationException("The TVAE anomaly detector scores data views (Transform); it is not a row-to-row mapper.");

    /// <summary>Saves the detector (TVAE with its encoder side, threshold, columns) to one checksummed archive, atomically.</summary>
    public void Save(string path)
        => SynthesizerArchive.Save(path, _model, inference: true, zip => ArchiveEntries.Write(zip, DetectorEntry, s => JsonSerializer.Serialize(s, new DetectorManifest(Score.ToString(), _columns, Threshold, Contamination))));

    /// <summary>Loads a detector saved with <see cref="Save"/>.</summary>
    public static TvaeAnomalyTransformer Load(string path)
    {
        var model = SynthesizerArchive.LoadAny(path) as TvaeModel;
        DetectorManifest? manifest;
        using (var zip = ZipFile.OpenRead(path))
        {
            var entry = zip.GetEntry(DetectorEntry);
            if (model is null || entry is null || !model.HasEncoder)
            {
                throw new InvalidDataException($"'{path}' is not a TVAE anomaly detector (save one with TvaeAnomalyTransformer.Save).");
            }

            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<DetectorManifest>(stream);
        }

        if (manifest is null || !Enum.TryParse<TvaeAnomalyScore>(manifest.Score, out var score))
        {
            throw new InvalidDataException($"'{path}': the detector's settings cannot be read.");
        }

        return new TvaeAnomalyTransformer(model, score, [.. manifest.Columns], manifest.Threshold, manifest.Contamination);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("The TVAE anomaly detector cannot be saved inside an ML.NET model file (ML.NET gives third-party transformers no saved format); use TvaeAnomalyTransformer.Save(path) and mlContext.AnomalyDetection.LoadTvae(path).");

    /// <summary>Each row's score under <paramref name="model"/>.</summary>
    internal static float[] ScoreRows(TvaeModel model, TvaeAnomalyScore score, Table table)
        => score == TvaeAnomalyScore.NegativeElbo ? RowScores.NegativeElbo(model, table) : RowScores.ReconstructionError(model, table);

    private sealed record DetectorManifest(string Score, string[] Columns, double Threshold, double Contamination);
}
