using System.CommandLine;
using System.Globalization;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// --columns, --order, --prices, --weights: how a CSV becomes a return series; and, for the commands that
/// take a period, --from and --until (1-based days in the series' order).
/// </summary>
internal sealed class SeriesInput(bool period = false)
{
    public Option<string?> Columns { get; } = new("--columns") { Description = "Comma-separated asset columns (default: every column but the order column)." };

    public Option<string?> Order { get; } = new("--order") { Description = "The column that orders the days: a day number or an ISO date (default: 'day' or 'date' when present, else the file's order)." };

    public Option<bool> Prices { get; } = new("--prices") { Description = "The columns hold prices: use their log returns ln(p_t / p_t-1)." };

    public Option<string?> Weights { get; } = new("--weights") { Description = "Comma-separated portfolio weights, one per asset (summing to 1): the series becomes the log return of the portfolio rebalanced to these weights every day, ln Σ w·exp(r)." };

    public Option<int?> From { get; } = new("--from") { Description = "The period's first day (1-based, in the series' order; default the first)." };

    public Option<int?> Until { get; } = new("--until") { Description = "The period's last day (1-based, inclusive; default the last)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Columns);
        command.Options.Add(Order);
        command.Options.Add(Prices);
        command.Options.Add(Weights);
        if (period)
        {
            command.Options.Add(From);
            command.Options.Add(Until);
        }
    }

    /// <summary>Checks the options that need no data (before anything is read).</summary>
    public void Check(ParseResult result)
    {
        _ = PortfolioWeights(result);
        if (period && (result.GetValue(From) is < 1 || result.GetValue(Until) is < 1))
        {
            throw new ArgumentException($"--from and --until must be days of at least 1 (got {result.GetValue(From)?.ToString(CultureInfo.InvariantCulture) ?? "—"} and {result.GetValue(Until)?.ToString(CultureInfo.InvariantCulture) ?? "—"}).");
        }

        if (period && result.GetValue(From) is int first && result.GetValue(Until) is int last && last < first)
        {
            throw new ArgumentException($"--until ({last:N0}) must not come before --from ({first:N0}).");
        }
    }

    /// <summary>Reads the series from <paramref name="file"/>: the assets, or their portfolio, over the period (after <see cref="Check"/>).</summary>
    public ReturnSeries Read(ParseResult result, FileInfo file)
    {
        var series = ReturnSeries.Read(file.FullName, new SeriesReadOptions
        {
            Assets = DataOptions.List(result.GetValue(Columns)),
            OrderColumn = result.GetValue(Order),
            Prices = result.GetValue(Prices),
        });
        if (PortfolioWeights(result) is { } weights)
        {
            if (weights.Length != series.Assets.Count)
            {
                throw new ArgumentException($"--weights gives {weights.Length} weight(s) for {series.Assets.Count} asset(s) ({string.Join(", ", series.Assets)}).");
            }

            series = series.Portfolio(weights);
        }

        if (!period)
        {
            return series;
        }

        int from = result.GetValue(From) ?? 1, until = result.GetValue(Until) ?? series.Length;
        if (until > series.Length || from > series.Length)
        {
            throw new ArgumentException($"The period {from:N0}–{until:N0} lies outside the {series.Length:N0} days of {file.Name}.");
        }

        return from == 1 && until == series.Length ? series : series.Days(from, until);
    }

    private double[]? PortfolioWeights(ParseResult result)
    {
        if (result.GetValue(Weights) is not { } text)
        {
            return null;
        }

        var weights = DataOptions.List(text).Select(w => double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw new ArgumentException($"--weights must be numbers (got '{w}').")).ToArray();
        if (weights.Length == 0 || Math.Abs(weights.Sum() - 1) > 1e-6)
        {
            throw new ArgumentException($"--weights must sum to 1 (got {weights.Sum().ToString("0.######", CultureInfo.InvariantCulture)}).");
        }

        return weights;
    }
}
