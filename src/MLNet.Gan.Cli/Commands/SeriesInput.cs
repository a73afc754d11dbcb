using System.CommandLine;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Cli.Commands;

/// <summary>--columns, --order, --prices: how a CSV becomes a return series.</summary>
internal sealed class SeriesInput
{
    public Option<string?> Columns { get; } = new("--columns") { Description = "Comma-separated asset columns (default: every column but the order column)." };

    public Option<string?> Order { get; } = new("--order") { Description = "The column that orders the days: a day number or an ISO date (default: 'day' or 'date' when present, else the file's order)." };

    public Option<bool> Prices { get; } = new("--prices") { Description = "The columns hold prices: use their log returns ln(p_t / p_t-1)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Columns);
        command.Options.Add(Order);
        command.Options.Add(Prices);
    }

    public SeriesReadOptions Read(ParseResult result) => new()
    {
        Assets = DataOptions.List(result.GetValue(Columns)),
        OrderColumn = result.GetValue(Order),
        Prices = result.GetValue(Prices),
    };
}
