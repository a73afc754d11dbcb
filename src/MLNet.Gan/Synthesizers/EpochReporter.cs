using System.Diagnostics;

namespace MLNet.Gan.Synthesizers;

/// <summary>
/// Times a training run's epochs and reports each one's progress: losses, rows per second of the epoch,
/// time elapsed, and the time left at the run's average pace so far. One per run; the tabular trainers
/// (CTGAN, TVAE and TVAE's private path) share it so that their progress reads alike.
/// </summary>
internal sealed class EpochReporter(int epochs, IProgress<TrainingProgress>? progress, int firstEpoch = 1)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _epochStart;

    /// <summary>Marks the start of an epoch.</summary>
    public void Begin() => _epochStart = _clock.ElapsedTicks;

    /// <summary>Reports the epoch just ended: <paramref name="rows"/> rows were trained on in it.</summary>
    public void End(int epoch, double generatorLoss, double criticLoss, double rows, double? epsilonSpent = null)
    {
        double seconds = (_clock.ElapsedTicks - _epochStart) / (double)Stopwatch.Frequency;
        var elapsed = _clock.Elapsed;
        var remaining = TimeSpan.FromSeconds(elapsed.TotalSeconds / (epoch - firstEpoch + 1) * (epochs - epoch));
        progress?.Report(new TrainingProgress(epoch, epochs, generatorLoss, criticLoss, rows / seconds, elapsed, remaining) { EpsilonSpent = epsilonSpent });
    }
}
