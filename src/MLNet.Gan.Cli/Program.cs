using System.CommandLine;
using MLNet.Gan.Cli.Commands;

namespace MLNet.Gan.Cli;

/// <summary>The <c>mlnet-gan</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Parses the arguments and runs the command; bad input exits non-zero with a message, never a stack trace.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("mlnet-gan: GANs for rare-event financial data (train, sample, augment, compare, audit) and market return series.");
        root.Subcommands.Add(FitCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(SeriesCommand.Create());
        root.Subcommands.Add(DetectCommand.Create());
        root.Subcommands.Add(ImagesCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        // Our handler, not System.CommandLine's: expected failures print one line, never a stack trace.
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        return CliErrors.Run(() => root.Parse(args).Invoke(invocation));
    }
}
