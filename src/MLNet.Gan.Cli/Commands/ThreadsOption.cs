using System.CommandLine;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Cli.Commands;

/// <summary>--threads, as every computing command takes it: the compute threads (results do not depend on it), checked and applied before any data is read.</summary>
internal static class ThreadsOption
{
    public static Option<int> Create() => new("--threads") { Description = "Compute threads (results do not depend on it).", DefaultValueFactory = _ => Environment.ProcessorCount };

    /// <summary>Checks the value (a positive count) and sets the process's compute threads to it.</summary>
    public static void Apply(ParseResult result, Option<int> option) => ComputeSettings.Threads = FitCommand.Positive(result.GetValue(option), "--threads");
}
