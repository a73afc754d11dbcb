using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Logging;
using MLNet.Gan.Sequences;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Pipeline;

/// <summary>Generators of return paths as ML.NET estimators (<c>mlContext.Series</c>).</summary>
public sealed class SeriesCatalog
{
    private readonly long _seed;
    private readonly ContextLog _log;

    internal SeriesCatalog(long seed, ContextLog log) => (_seed, _log) = (seed, log);

    /// <summary>
    /// The temporal convolutional GAN (see <see cref="SeriesGan"/>) trained on the view's return columns.
    /// The options are copied; the seed is <paramref name="seed"/> when given, else the options' when they
    /// are given, else one drawn from the context. <paramref name="cancellationToken"/> stops the fit within one step.
    /// </summary>
    public SeriesEstimator Gan(SeriesGanOptions? options = null, SeriesReadOptions? read = null, int? seed = null, CancellationToken cancellationToken = default)
    {
        var o = options?.Clone() ?? new SeriesGanOptions { Seed = _seed };
        o.Seed = seed ?? o.Seed;
        o.Validate();
        return new(read ?? new SeriesReadOptions(), series => _log.Run("sequence GAN fit", info =>
        {
            var run = o.Clone();
            run.Progress = SeriesGanProgress.Logged(info, o.Progress);
            info($"sequence GAN: training on {series.Assets.Count} asset(s) × {series.Length:N0} days, {o.Steps:N0} steps, seed {o.Seed}");
            var model = new SeriesGan(run).Fit(series, cancellationToken);
            info($"sequence GAN: kept the generator of step {model.TrainingStep:N0}{(model.ValidationDays > 0 ? $", chosen on the last {model.ValidationDays:N0} days" : "")}");
            return (ISeriesModel)model;
        }));
    }

    /// <summary>GARCH(1,1) with Student-t innovations (constant conditional correlations for several assets).</summary>
    public SeriesEstimator Garch(SeriesReadOptions? read = null) => new(read ?? new SeriesReadOptions(), GarchSeriesModel.Fit);
}

/// <summary>
/// An unfitted generator of return paths: <see cref="Fit"/> reads a data view of one row per day
/// (ordered by a day or date column when it has one; returns, or prices with
/// <see cref="SeriesReadOptions.Prices"/>) and returns a <see cref="SeriesTransformer"/>.
/// </summary>
public sealed class SeriesEstimator : IEstimator<SeriesTransformer>
{
    private readonly SeriesReadOptions _read;
    private readonly Func<ReturnSeries, ISeriesModel> _fit;

    internal SeriesEstimator(SeriesReadOptions read, Func<ReturnSeries, ISeriesModel> fit)
    {
        _read = read;
        _fit = fit;
    }

    /// <summary>Reads the series from <paramref name="input"/> and fits the generator.</summary>
    public SeriesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = DataViewLayout.Of(input.Schema).Read(input);
        return new SeriesTransformer(_fit(ReturnSeries.FromTable(table, _read)), _read);
    }

    /// <summary>
    /// The schema of the paths the fitted generator writes: <c>day</c> and one <c>Single</c> column per asset
    /// (the read options' assets, or every column but the order column).
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string order = _read.OrderColumn ?? "day";
        var assets = _read.Assets.Count > 0 ? [.. _read.Assets] : inputSchema.Where(c => c.Name != order).Select(c => c.Name).ToList();
        if (assets.Count == 0 || assets.Any(a => !SchemaShapes.Has(inputSchema, a)))
        {
            throw new ArgumentException($"The input has no asset column{(assets.Count == 0 ? "s" : $" '{assets.First(a => !SchemaShapes.Has(inputSchema, a))}'")}.", nameof(inputSchema));
        }

        return new SchemaShape([SchemaShapes.Scalar(inputSchema, "day", assets[0], DataKind.Single), .. assets.Select(a => SchemaShapes.Scalar(inputSchema, a, a, DataKind.Single))]);
    }
}

/// <summary>
/// A fitted generator of return paths. <see cref="Generate"/> gives a view with columns <c>day</c>
/// (1 … length) and one <c>Single</c> column per asset; <see cref="Transform"/> one path as long as its
/// input. Like the synthesizers, it saves to its own file (<see cref="Save"/>, <see cref="SeriesModels.Load"/>),
/// not inside an ML.NET model.
/// </summary>
public sealed class SeriesTransformer : ITransformer
{
    private readonly SeriesReadOptions _read;

    internal SeriesTransformer(ISeriesModel model, SeriesReadOptions? read = null) => (Model, _read) = (model, read ?? new SeriesReadOptions());

    /// <summary>The fitted generator.</summary>
    public ISeriesModel Model { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <summary>One path of <paramref name="length"/> days; the same seed gives the same path.</summary>
    public IDataView Generate(int length, long seed = 0)
    {
        var path = Model.Generate(length, seed);
        var day = Enumerable.Range(1, length).Select(d => (double)d).ToArray();
        return new Table([new NumericColumn("day", day), .. path.Assets.Select((name, a) => new NumericColumn(name, path.Returns[a]))]).ToDataView();
    }

    /// <summary>One path (seed 0) as long as <paramref name="input"/>.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long rows = SchemaColumns.RowCount(input);
        return Generate(checked((int)rows));
    }

    /// <summary>
    /// One-day-ahead risk forecasts for every day from <paramref name="firstDay"/> (1-based, in the series'
    /// order) of <paramref name="history"/> (read as <see cref="SeriesEstimator.Fit"/> read the training
    /// data), each made from the days before it: columns <c>day</c>, <c>return</c> (the realized one),
    /// <c>volatility</c> and, per level (default 0.99 and 0.975), <c>ValueAtRisk99</c>, <c>ExpectedShortfall99</c>,
    /// <c>ValueAtRisk97.5</c> … as lower-tail returns. A GAN is filtered through the history
    /// (<see cref="SeriesGanModel.Filter"/>); GARCH runs its recursion with the fitted parameters. One asset only.
    /// </summary>
    public IDataView Forecast(IDataView history, int firstDay, params double[] levels)
    {
        ArgumentNullException.ThrowIfNull(history);
        levels = levels is { Length: > 0 } ? levels : [0.99, 0.975];
        foreach (double level in levels)
        {
            if (!(level is > 0 and < 1))
            {
                throw OptionChecks.Refuse(nameof(levels), level.ToString(System.Globalization.CultureInfo.InvariantCulture), "a confidence level in (0, 1)");
            }
        }

        if (Model.Assets.Count != 1)
        {
            throw new InvalidOperationException($"Forecasts are for one series; this model generates {Model.Assets.Count} assets.");
        }

        var series = ReturnSeries.FromTable(DataViewLayout.Of(history.Schema).Read(history), _read);
        if (firstDay < 2 || firstDay > series.Length)
        {
            throw OptionChecks.Refuse(nameof(firstDay), firstDay.ToString(System.Globalization.CultureInfo.InvariantCulture), $"a day between 2 and the history's {series.Length:N0}");
        }

        var returns = series.Returns[0];
        var forecasts = levels.Select(level => Model switch
        {
            SeriesGanModel gan => RiskForecasters.SeriesGan(gan, returns, firstDay - 1, 1 - level),
            GarchSeriesModel garch => RiskForecasters.Garch(garch.Models[0], returns, firstDay - 1, 1 - level),
            _ => throw new NotSupportedException($"A {Model.Kind} model does not forecast."),
        }).ToArray();
        int n = returns.Length - firstDay + 1;
        var columns = new List<NumericColumn>
        {
            new("day", [.. Enumerable.Range(firstDay, n).Select(d => (double)d)]),
            new("return", returns[(firstDay - 1)..]),
            new("volatility", forecasts[0].Volatility),
        };
        foreach (var (level, f) in levels.Zip(forecasts))
        {
            string suffix = (level * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            columns.Add(new NumericColumn($"ValueAtRisk{suffix}", f.ValueAtRisk));
            columns.Add(new NumericColumn($"ExpectedShortfall{suffix}", f.ExpectedShortfall));
        }

        return new Table(columns).ToDataView();
    }

    /// <summary>The schema of generated paths: <c>day</c> and one <c>Single</c> column per asset (read from the model, without generating).</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        => new Table([new NumericColumn("day", []), .. Model.Assets.Select(name => new NumericColumn(name, []))]).ToDataView().Schema;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new InvalidOperationException("A series generator makes new rows; it is not a row-to-row mapper.");

    /// <summary>Saves the generator (JSON, atomically).</summary>
    public void Save(string path) => Model.Save(path);

    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("A series generator cannot be saved inside an ML.NET model file; use SeriesTransformer.Save(path) and SeriesModels.Load(path).");
}
