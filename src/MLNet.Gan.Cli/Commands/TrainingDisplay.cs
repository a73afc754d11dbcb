using MLNet.Gan.Synthesizers;
using Spectre.Console;

namespace MLNet.Gan.Cli.Commands;

/// <summary>Shows training progress: a live bar in a terminal, a line every few epochs otherwise (logs, CI). Ctrl+C cancels.</summary>
internal static class TrainingDisplay
{
    /// <summary>Runs <paramref name="work"/> with a token that Ctrl+C cancels (the fit then stops within a step and the command exits 130, writing nothing).</summary>
    public static T CancelOnCtrlC<T>(Func<CancellationToken, T> work)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return work(cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static T Run<T>(int epochs, Func<IProgress<TrainingProgress>, CancellationToken, T> train) => CancelOnCtrlC(token =>
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            int every = Math.Max(1, epochs / 20);
            var lines = new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Epoch % every == 0 || p.Epoch == p.Epochs)
                {
                    Console.Error.WriteLine($"epoch {p.Epoch}/{p.Epochs}  loss {p.GeneratorLoss,9:F4}  critic {p.CriticLoss,9:F4}  {p.RowsPerSecond,8:N0} rows/s  elapsed {p.Elapsed:hh\\:mm\\:ss}  eta {p.Remaining:hh\\:mm\\:ss}{(p.EpsilonSpent is double e ? $"  ε spent {e:F3}" : "")}");
                }
            });
            return train(lines, token);
        }

        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: epochs);
                var bar = new SynchronousProgress<TrainingProgress>(p =>
                {
                    task.Value = p.Epoch;
                    task.Description = $"epoch {p.Epoch}/{p.Epochs}  loss {p.GeneratorLoss:F3} / {p.CriticLoss:F3}  {p.RowsPerSecond:N0} rows/s{(p.EpsilonSpent is double e ? $"  ε {e:F2}" : "")}";
                });
                result = train(bar, token);
            });
        return result;
    });
}
