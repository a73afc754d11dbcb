using System.Globalization;
using System.Text.Json.Nodes;
using MLNet.Gan.Backtesting;

namespace MLNet.Gan.Report;

/// <summary>
/// A risk backtest as one self-contained HTML file: per level, the table of every test's statistic and
/// p-value, the test days' returns against each forecaster's value-at-risk, and each forecaster's
/// exceedances on a strip (clusters of them are what Christoffersen's and the dynamic quantile tests
/// reject).
/// </summary>
public static class BacktestReport
{
    private const string Schema = "https://vega.github.io/schema/vega-lite/v6.json";

    /// <summary>One level's forecasts and their backtests (in the same forecaster order).</summary>
    /// <param name="Forecasts">The forecasts.</param>
    /// <param name="Backtests">Their backtests.</param>
    /// <param name="Returns">The realized values forecast, when they are not the report's daily returns (multi-day blocks).</param>
    /// <param name="Unit">What one forecast covers, as the heading says it ("days", "10-day blocks").</param>
    public sealed record Level(IReadOnlyList<RiskForecast> Forecasts, IReadOnlyList<ForecastBacktest> Backtests, IReadOnlyList<double>? Returns = null, string Unit = "days");

    /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, string title, string description, IReadOnlyList<double> returns, IReadOnlyList<Level> levels)
        => ReportPage.Write(path, Render(title, description, returns, levels));

    /// <summary>The report's HTML.</summary>
    public static string Render(string title, string description, IReadOnlyList<double> returns, IReadOnlyList<Level> levels)
    {
        var charts = new List<(string Section, string Id, JsonObject Spec)>();
        var html = ReportPage.Begin(title);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{ReportPage.Encode(description)}</p>\n");
        for (int l = 0; l < levels.Count; l++)
        {
            var (forecasts, backtests) = (levels[l].Forecasts, levels[l].Backtests);
            var first = backtests[0];
            var realized = levels[l].Returns ?? returns;
            string section = $"level-{l}";
            charts.Add((section, $"var-{l}", ReturnsAgainstVaR(realized, forecasts, first.Level)));
            charts.Add((section, $"hits-{l}", ExceedanceStrip(realized, forecasts, first.Level)));
            html.Append(CultureInfo.InvariantCulture, $"<h2>Level {first.Level:0.###}: {first.ExpectedExceedances:0.#} exceedances expected in {first.Days:N0} {ReportPage.Encode(levels[l].Unit)}</h2>\n");
            html.Append("<table class=\"metrics\">\n<tr><th>forecaster</th><th>exceedances</th><th>Kupiec</th><th>Christoffersen ind.</th><th>cond. coverage</th><th>dynamic quantile</th><th>traffic light (green / yellow / red)</th><th>pinball</th><th>FZ0</th><th>DM vs first</th><th>Acerbi–Székely Z2</th><th>Du–Escanciano U</th><th>Du–Escanciano C(5)</th></tr>\n");
            foreach (var b in backtests)
            {
                string light = b.TrafficLight is { } t ? $"{t.Green} / {t.Yellow} / {t.Red}" : "—";
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{ReportPage.Encode(b.Forecaster)}</td><td class=\"num\">{b.Exceedances}</td><td class=\"num\">{Test(b.Kupiec)}</td><td class=\"num\">{Test(b.Independence)}</td><td class=\"num\">{Test(b.ConditionalCoverage)}</td><td class=\"num\">{Test(b.DynamicQuantile)}</td><td class=\"num\">{light}</td><td class=\"num\">{b.Pinball:0.000000}</td><td class=\"num\">{b.Fz0:0.0000}</td><td class=\"num\">{Test(b.AgainstReference)}</td><td class=\"num\">{b.AcerbiSzekely.Statistic:0.000}</td><td class=\"num\">{Test(b.ShortfallUnconditional)}</td><td class=\"num\">{Test(b.ShortfallConditional)}</td></tr>\n");
            }

            html.Append("</table>\n");
            ReportPage.Section(html, charts, section, "Returns against the value-at-risk", levels[l].Returns is null
                ? "Grey points are the test days' returns; each line is a forecaster's value-at-risk for that day, made from the days before it. The strip marks every day a return fell below a forecaster's value-at-risk."
                : $"Grey points are the returns of the non-overlapping {levels[l].Unit} (numbered along the axis); each line is a forecaster's value-at-risk for that block, simulated from the state on its first morning. The strip marks every block whose return fell below it.");
        }

        html.Append("<h2>Sources</h2>\n<ul class=\"note\">\n");
        var b0 = levels[0].Backtests[0];
        foreach (var source in new[] { b0.Kupiec.Source, b0.Independence.Source, b0.DynamicQuantile.Source, VarBacktests.TrafficLightSource, ForecastLosses.PinballSource, ForecastLosses.Fz0Source, ForecastLosses.DieboldMarianoSource, ShortfallBacktests.AcerbiSzekelySource, ShortfallBacktests.DuEscancianoSource })
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{ReportPage.Encode(source)}</li>\n");
        }

        html.Append("</ul>\n<p class=\"note\">Each cell is a statistic with its p-value in parentheses. DM: a Diebold–Mariano test of the FZ0 losses against the first row (negative: lower losses than it).</p>\n");
        return ReportPage.End(html, charts);
    }

    private static string Test(BacktestResult? r) => r is null ? "—" : double.IsNaN(r.PValue)
        ? string.Create(CultureInfo.InvariantCulture, $"{r.Statistic:0.00}")
        : string.Create(CultureInfo.InvariantCulture, $"{r.Statistic:0.00} ({r.PValue:0.000})");

    private static JsonObject ReturnsAgainstVaR(IReadOnlyList<double> returns, IReadOnlyList<RiskForecast> forecasts, double level)
    {
        int from = forecasts[0].From, days = forecasts[0].ValueAtRisk.Length;
        var points = new JsonArray();
        for (int i = 0; i < days; i++)
        {
            points.Add(new JsonObject { ["day"] = from + i + 1, ["return"] = returns[from + i] });
        }

        var lines = new JsonArray();
        foreach (var f in forecasts)
        {
            for (int i = 0; i < days; i++)
            {
                lines.Add(new JsonObject { ["day"] = from + i + 1, ["forecaster"] = f.Name, ["VaR"] = f.ValueAtRisk[i] });
            }
        }

        var x = new JsonObject { ["field"] = "day", ["type"] = "quantitative", ["scale"] = new JsonObject { ["zero"] = false } };
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = string.Create(CultureInfo.InvariantCulture, $"Returns and one-day {level:0.###} value-at-risk"),
            ["width"] = 1000,
            ["height"] = 320,
            ["layer"] = new JsonArray(
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = points },
                    ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 4, ["color"] = "#aaa" },
                    ["encoding"] = new JsonObject { ["x"] = x.DeepClone(), ["y"] = new JsonObject { ["field"] = "return", ["type"] = "quantitative" } },
                },
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = lines },
                    ["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 1 },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = x.DeepClone(),
                        ["y"] = new JsonObject { ["field"] = "VaR", ["type"] = "quantitative", ["title"] = "return" },
                        ["color"] = new JsonObject { ["field"] = "forecaster", ["type"] = "nominal" },
                    },
                }),
        };
    }

    private static JsonObject ExceedanceStrip(IReadOnlyList<double> returns, IReadOnlyList<RiskForecast> forecasts, double level)
    {
        var rows = new JsonArray();
        foreach (var f in forecasts)
        {
            for (int i = 0; i < f.ValueAtRisk.Length; i++)
            {
                if (returns[f.From + i] < f.ValueAtRisk[i])
                {
                    rows.Add(new JsonObject { ["day"] = f.From + i + 1, ["forecaster"] = f.Name, ["return"] = returns[f.From + i] });
                }
            }
        }

        return new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = string.Create(CultureInfo.InvariantCulture, $"Exceedances of the {level:0.###} value-at-risk"),
            ["width"] = 1000,
            ["height"] = 24 * forecasts.Count,
            ["data"] = new JsonObject { ["values"] = rows },
            ["mark"] = new JsonObject { ["type"] = "tick", ["color"] = "#c0392b" },
            ["encoding"] = new JsonObject
            {
                ["x"] = new JsonObject { ["field"] = "day", ["type"] = "quantitative", ["scale"] = new JsonObject { ["domain"] = new JsonArray(forecasts[0].From + 1, forecasts[0].From + forecasts[0].ValueAtRisk.Length) } },
                ["y"] = new JsonObject { ["field"] = "forecaster", ["type"] = "nominal", ["title"] = null },
                ["tooltip"] = new JsonArray(new JsonObject { ["field"] = "day", ["type"] = "quantitative" }, new JsonObject { ["field"] = "return", ["type"] = "quantitative" }),
            },
        };
    }
}
