using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Sequences;

/// <summary>
/// Keeps the generator of the training step whose full-length paths are closest to the real series'
/// stylized facts. Adversarial training does not converge to a point: from one checkpoint to the next
/// (and from one seed to the next) the paths' kurtosis, long-lag clustering and tails move by more than
/// the gap to GARCH (docs/benchmarks.md), and the stylized-facts loss sees only 256-day windows, not what
/// a 17,000-day path does. So every <see cref="Every"/> steps of the second half of training, a few paths
/// of the series' length are generated (their own random stream, not the seeds users sample with) and
/// scored by the relative gaps |generated − real| / max(|real|, 0.05) over the evaluation's facts
/// (<see cref="SeriesEvaluation.Rows"/>): each asset's facts summed and averaged over the assets, plus the
/// cross-correlations summed, so that with several assets the correlations are not outweighed by the
/// assets' many other facts. The lowest score's weights are kept (model selection on a validation
/// metric, as checkpoints are chosen by FID for image GANs). Every checkpoint draws the same
/// noise (the stream restarts), so checkpoints differ only by their weights. The kept weights' buffer is
/// allocated once; the paths are drawn per checkpoint (about ten a fit, none in a training step).
/// </summary>
internal sealed class CheckpointSelection
{
    /// <summary>Steps between two checkpoints.</summary>
    public const int Every = 50;

    private readonly ReturnSeries _real;
    private readonly SeriesGanModel _model;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _best;
    private readonly int _paths, _from, _steps;
    private readonly long _seed;
    private double _bestScore = double.PositiveInfinity;

    /// <param name="real">The training series.</param>
    /// <param name="model">The model being trained (its generator's weights are scored, kept and restored).</param>
    /// <param name="paths">Paths per checkpoint.</param>
    /// <param name="steps">Training steps.</param>
    /// <param name="seed">Seed of the checkpoints' paths.</param>
    public CheckpointSelection(ReturnSeries real, SeriesGanModel model, int paths, int steps, long seed)
    {
        (_real, _model, _parameters, _paths, _steps, _seed) = (real, model, model.Parameters, paths, steps, seed);
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
        var rng = RandomStream.Create(_seed, streamId: 0x5E06);
        var paths = new ReturnSeries[_paths];
        for (int k = 0; k < _paths; k++)
        {
            paths[k] = _model.Generate(_real.Length, rng);
        }

        double score = Score(SeriesEvaluation.Run(_real, paths).Rows(), _real.Assets.Count);
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
