using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli;

/// <summary>Turns expected failures (bad data, bad options, corrupt files) into one clear line on stderr and exit code 2.</summary>
public static class CliErrors
{
    /// <summary>Exit code for bad input or options.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code when the user cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;

    /// <summary>Runs <paramref name="action"/>, mapping known exception types to messages.</summary>
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            Console.Error.WriteLine($"error: {message}");
            return ex is OperationCanceledException ? Cancelled : BadInput;
        }
    }

    private static string? Describe(Exception ex) => ex switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerException!),
        DataFormatException or MLNet.Gan.TrainingDivergedException or MLNet.Gan.Synthesizers.EngineUnavailableException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException => ex.Message,
        ArgumentException a => a.ParamName is null ? a.Message : a.Message.Replace($" (Parameter '{a.ParamName}')", "", StringComparison.Ordinal),
        KeyNotFoundException or InvalidOperationException => ex.Message,
        UnauthorizedAccessException or IOException => ex.Message,
        OperationCanceledException => "cancelled.",
        _ => null,
    };
}
