using System.CommandLine;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The options every command that reads a CSV shares: label, discrete, drop, missing tokens.</summary>
internal sealed class DataOptions
{
    public Option<string?> Label { get; } = new("--label") { Description = "Label column (read as categorical; a missing label is an error)." };

    public Option<string?> Discrete { get; } = new("--discrete") { Description = "Comma-separated columns to read as categorical even if they look numeric." };

    public Option<string?> Drop { get; } = new("--drop") { Description = "Comma-separated columns to leave out (identifiers)." };

    public Option<string?> Missing { get; } = new("--missing") { Description = "Comma-separated cell texts that mean missing (default: empty, NA, ?)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Label);
        command.Options.Add(Discrete);
        command.Options.Add(Drop);
        command.Options.Add(Missing);
    }

    public CsvReadOptions Read(ParseResult result)
    {
        var options = new CsvReadOptions
        {
            Label = result.GetValue(Label),
            Discrete = List(result.GetValue(Discrete)),
            Drop = List(result.GetValue(Drop)),
        };
        if (result.GetValue(Missing) is { } missing)
        {
            options.MissingTokens = missing.Split(',');
        }

        return options;
    }

    internal static string[] List(string? value)
        => value is null ? [] : [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
