using MLNet.Gan.Backtesting;
using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Sequences;

/// <summary>
/// Keeps the generator of the training step that does best on days it never learned from. Adversarial
/// training does not converge to a point: from one checkpoint to the next (and from one seed to the next)
/// the paths' kurtosis, long-lag clustering and tails move by more than the gap to GARCH, and the
/// stylized-facts loss sees only 256-day windows. So every <see cref="Every"/> steps of the second half of
/// training the generator is scored on the held-out days at the end of the series
/// (<see cref="SeriesGanOptions.ValidationFraction"/>), by one of two metrics: the mean FZ0 loss of its
/// one-day-ahead 97.5 % VaR and ES forecasts there, the generator filtered through the whole series
/// (<see cref="SeriesCheckpointMetric.Forecast"/>), or the relative gaps |generated − real| ÷ max(|real|, 0.05)
/// between the facts of a few generated paths of the held-out period's length (their own random stream,
/// not the seeds users sample with) and the held-out period's facts (<see cref="SeriesEvaluation.Rows"/>):
/// each asset's facts summed and averaged over the assets, plus the cross-correlations summed, so that with
/// several assets the correlations are not outweighed by the assets' many other facts. The lowest score's
/// weights are kept (model selection on a validation slice, as checkpoints are chosen by FID for image
/// GANs); choosing on the training days instead favours the checkpoint that fits them best by luck. Every
/// checkpoint draws the same noise (the stream restarts), so checkpoints differ only by their weights. The
/// kept weights' buffer is allocated once; paths and forecasts are made per checkpoint (about ten a fit,
/// none in a training step).
/// </summary>
internal sealed class CheckpointSelection
{
    /// <summary>Steps between two checkpoints.</summary>
    public const int Every = 50;

    // the forecast metric's tail: VaR and ES at 97.5 %, the Basel level of expected shortfall
    private const double ForecastTail = 0.025;

    private readonly ReturnSeries _series, _validation;
    private readonly int _heldFrom;
    private readonly SeriesCheckpointMetric _metric;
    private readonly SeriesGanModel _model;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _best;
    private readonly int _paths, _from, _steps;
    private readonly long _seed;
    private double _bestScore = double.PositiveInfinity;

    /// <param name="series">The whole series: the training days, then the held-out days.</param>
    /// <param name="trainingDays">The training days (the first ones); the rest are held out. When none are held out the checkpoints are scored against the training days' facts.</param>
    /// <param name="metric">What the checkpoints are scored by.</param>
    /// <param name="model">The model being trained (its generator's weights are scored, kept and restored).</param>
    /// <param name="paths">Paths per checkpoint (the facts metric).</param>
    /// <param name="steps">Training steps.</param>
    /// <param name="seed">Seed of the checkpoints' paths.</param>
    public CheckpointSelection(ReturnSeries series, int trainingDays, SeriesCheckpointMetric metric, SeriesGanModel model, int paths, int steps, long seed)
    {
        (_series, _heldFrom, _metric, _model, _parameters, _paths, _steps, _seed) = (series, trainingDays, metric, model, model.Parameters, paths, steps, seed);
        _validation = trainingDays < series.Length ? series.Days(trainingDays + 1, series.Length) : series;
        _from = Math.Max(Every, steps / 2);
        _best = [.. _parameters.Select(p => new float[p.Length])];
        BestStep = steps;
    }

    /// <summary>The step whose generator is kept: the best-scored checkpoint, or the last step when none could be scored.</summary>
    public int BestStep { get; private set; }

    /// <summary>
    /// Whether any checkpoint had a finite score. When none had (paths whose facts are undefined, such
    /// as constant paths with a kurtosis of 0/0), <see cref="Restore"/> keeps the last step's weights.
    /// </summary>
    public bool AnyScored => _bestScore < double.PositiveInfinity;

    /// <summary>Whether <paramref name="step"/> is a checkpoint (every <see cref="Every"/> steps from half-way, and the last).</summary>
    public bool IsCheckpoint(int step) => step == _steps || (step >= _from && step % Every == 0);

    /// <summary>Scores the generator's current weights; keeps them when they are the best so far. Returns the score.</summary>
    public double Score(int step)
    {
        double score = _metric == SeriesCheckpointMetric.Forecast ? ForecastScore() : FactsScore();
        if (score < _bestScore)
        {
            (BestStep, _bestScore) = (step, score);
            for (int i = 0; i < _parameters.Count; i++)
            {
                _parameters[i].Value.CopyTo(_best[i], 0);
            }
        }

        return score;
    }

    /// <summary>The facts score of paths as long as the held-out period, against its facts.</summary>
    private double FactsScore()
    {
        var rng = RandomStream.Create(_seed, streamId: 0x5E06);
        var paths = new ReturnSeries[_paths];
        for (int k = 0; k < _paths; k++)
        {
            paths[k] = _model.Generate(_validation.Length, rng);
        }

        return Score(SeriesEvaluation.Run(_validation, paths).Rows(), _validation.Assets.Count);
    }

    /// <summary>The mean FZ0 loss of the one-day-ahead forecasts of the held-out days (the generator filtered from the first day).</summary>
    private double ForecastScore()
    {
        var returns = _series.Returns[0];
        var forecast = RiskForecasters.SeriesGan(_model, returns, _heldFrom, ForecastTail);
        if (!ForecastLosses.Fz0Defined(forecast.ValueAtRisk, forecast.ExpectedShortfall))
        {
            return double.PositiveInfinity; // a generator whose forecast is not even a loss (a positive quantile) scores worst
        }

        double loss = ForecastLosses.Fz0(returns[_heldFrom..], forecast.ValueAtRisk, forecast.ExpectedShortfall, ForecastTail).Average();
        return double.IsFinite(loss) ? loss : double.PositiveInfinity;
    }

    /// <summary>Writes the kept weights back into the generator; without a scored checkpoint it leaves the last step's weights and <see cref="BestStep"/> is the last step.</summary>
    public void Restore()
    {
        if (!AnyScored)
        {
            return; // BestStep is still the last step
        }

        for (int i = 0; i < _parameters.Count; i++)
        {
            _best[i].CopyTo(_parameters[i].Value, 0);
        }
    }

    /// <summary>
    /// Relative gaps |generated − real| / max(|real|, 0.05): the assets' facts summed and divided by the
    /// number of assets, plus the cross-correlations summed (for one asset, the plain sum).
    /// </summary>
    internal static double Score(IReadOnlyList<FactRow> rows, int assets)
    {
        double facts = 0, correlations = 0;
        foreach (var row in rows)
        {
            double gap = row.Distance / Math.Max(Math.Abs(row.Real), 0.05);
            if (row.Fact == SeriesEvaluation.CorrelationFact)
            {
                correlations += gap;
            }
            else
            {
                facts += gap;
            }
        }

        return (facts / assets) + correlations;
    }
}
