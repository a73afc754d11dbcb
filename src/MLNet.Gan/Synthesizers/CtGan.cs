using System.Diagnostics;
using MLNet.Gan.DifferentialPrivacy;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>
/// The CTGAN-class synthesizer (Xu et al. 2019): a conditional generator trained by sampling against a
/// packed critic, with WGAN-GP, standard or least-squares loss. <see cref="Fit(Table, CancellationToken)"/>
/// returns a <see cref="CtGanModel"/> that samples synthetic rows.
/// </summary>
public sealed class CtGan(CtGanOptions? options = null)
{
    /// <summary>The options (validated when fitting).</summary>
    public CtGanOptions Options { get; } = options ?? new CtGanOptions();

    /// <summary>Fits the encoder and trains the networks on <paramref name="table"/>.</summary>
    public CtGanModel Fit(Table table, CancellationToken cancellationToken = default) => Fit(table, resumeFrom: null, cancellationToken);

    /// <summary>
    /// Fits, or continues a run from a checkpoint written with the same data and options. A resumed
    /// run ends with the same model as an uninterrupted one.
    /// </summary>
    public CtGanModel Fit(Table table, string? resumeFrom, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        if (table.RowCount < 2)
        {
            throw new ArgumentException($"Training needs at least 2 rows; the table has {table.RowCount}.", nameof(table));
        }

        if (Options.Privacy is not null && resumeFrom is not null)
        {
            throw new ArgumentException("A differentially private run cannot be resumed (the accountant's state is not in checkpoints).");
        }

        var privacy = Options.Privacy is null ? null : PrivateTraining.Plan(Options.Privacy, table.RowCount, Options.BatchSize, Options.Epochs * Options.CriticSteps, Options.Seed);
        var encoder = TableEncoder.Fit(table, Options.Encoder.WithSeed(Options.Seed));
        var data = encoder.Transform(table, Options.Seed, Options.Encoder.ModeSelection);
        var sampler = new ConditionSampler(encoder, table);
        var training = new CtGanTraining(Options, data, sampler, privacy);
        var history = new List<EpochLoss>();
        int firstEpoch = 1;
        if (resumeFrom is not null)
        {
            if (Options.Engine != ComputeEngine.Managed)
            {
                throw new ArgumentException("Checkpoints are resumed by the managed engine only.");
            }

            firstEpoch = SynthesizerArchive.RestoreCheckpoint(resumeFrom, training, history) + 1;
        }

        using ICtGanSteps stepper = Options.Engine == ComputeEngine.Managed ? training : ExternalEngines.TorchSharp().StartCtGan(training, Options.Device);
        var reporter = new EpochReporter(Options.Epochs, Options.Progress, firstEpoch);
        int steps = training.StepsPerEpoch;
        for (int epoch = firstEpoch; epoch <= Options.Epochs; epoch++)
        {
            reporter.Begin();
            double generatorLoss = 0, criticLoss = 0;
            for (int step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (g, c) = stepper.Step();
                if (!double.IsFinite(g) || !double.IsFinite(c))
                {
                    throw TrainingDivergedException.At($"epoch {epoch}, step {step + 1}", $"generator loss {g}, critic loss {c}", "Try a lower learning rate, or the default loss (wgan-gp).");
                }

                generatorLoss += g / steps;
                criticLoss += c / steps;
            }

            history.Add(new EpochLoss(epoch, generatorLoss, criticLoss));
            double? spent = privacy?.EndEpoch((long)steps * Options.CriticSteps);
            reporter.End(epoch, generatorLoss, criticLoss, steps * Options.BatchSize, spent);
            if (Options.CheckpointEvery > 0 && epoch % Options.CheckpointEvery == 0 && epoch < Options.Epochs)
            {
                SynthesizerArchive.WriteCheckpoint(Options.CheckpointPath!, training, history, epoch, table.Label, Options);
            }
        }

        stepper.Finish();
        return new CtGanModel(encoder, sampler.CategoryCounts, training.Generator, training.Streams[0], Options, history, table.Label) { Critic = training.Critic, Privacy = privacy?.Report() };
    }
}
