using System.Globalization;
using System.Text.Json.Nodes;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Report;

/// <summary>
/// The stylized-facts evaluation of generated return paths as one self-contained HTML file: the facts
/// table, and per asset the autocorrelation of absolute returns to lag 250 and of returns to lag 50,
/// the return histogram on a log scale and a QQ-plot against the real returns; for several assets the
/// real and generated correlation matrices.
/// </summary>
public static class SeriesReport
{
    private const string Schema = "https://vega.github.io/schema/vega-lite/v6.json";

    /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, SeriesEvaluation evaluation, string realSource, string syntheticSource)
        => ReportPage.Write(path, Render(evaluation, realSource, syntheticSource));

    /// <summary>The report's HTML.</summary>
    public static string Render(SeriesEvaluation evaluation, string realSource, string syntheticSource)
    {
        var real = evaluation.Real;
        var charts = new List<(string Section, string Id, JsonObject Spec)>();
        for (int a = 0; a < real.Assets.Count; a++)
        {
            string name = real.Assets[a];
            charts.Add(("memory", $"acf-absolute-{a}", Curves($"{name}: autocorrelation of |returns|", "lag", evaluation.RealFacts[a].AbsoluteAutocorrelation, evaluation.GeneratedFacts[a].AbsoluteAutocorrelation)));
            charts.Add(("memory", $"acf-returns-{a}", Curves($"{name}: autocorrelation of returns", "lag", evaluation.RealFacts[a].ReturnAutocorrelation[..50], evaluation.GeneratedFacts[a].ReturnAutocorrelation[..50])));
            charts.Add(("tails", $"histogram-{a}", Histogram(name, real.Returns[a], [.. evaluation.Paths.SelectMany(p => p.Returns[a])])));
            charts.Add(("tails", $"qq-{a}", QuantilePlot(name, evaluation.QuantilePairs(a))));
        }

        if (real.Assets.Count > 1)
        {
            charts.Add(("pairs", "correlation-real", ReportCharts.CorrelationMatrix("Real correlations", real.Assets, evaluation.RealCorrelations, difference: false)));
            charts.Add(("pairs", "correlation-generated", ReportCharts.CorrelationMatrix("Generated correlations (mean of paths)", real.Assets, evaluation.GeneratedCorrelations, difference: false)));
        }

        var html = ReportPage.Begin("Return paths: stylized facts");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Real: {ReportPage.Encode(realSource)} ({real.Length:N0} days, {real.Assets.Count} asset(s)) · generated: {ReportPage.Encode(syntheticSource)} ({evaluation.Paths.Count} path(s) × {evaluation.Paths[0].Length:N0} days)</p>\n");
        html.Append("<h2>Stylized facts</h2>\n<table class=\"metrics\">\n<tr><th>asset</th><th>fact</th><th>real</th><th>generated (mean of paths)</th><th>distance</th></tr>\n");
        foreach (var row in evaluation.Rows())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{ReportPage.Encode(row.Asset)}</td><td>{ReportPage.Encode(row.Fact)}</td><td class=\"num\">{row.Real:0.0000}</td><td class=\"num\">{row.Generated:0.0000}</td><td class=\"num\">{row.Distance:0.0000}</td></tr>\n");
        }

        html.Append("</table>\n<p class=\"note\">Kurtosis is m₄/m₂² (3 for a normal law). Value-at-risk is the loss not exceeded on 99 % of days (of 10-day windows).</p>\n");
        ReportPage.Section(html, charts, "memory", "Volatility clustering and long memory", null);
        ReportPage.Section(html, charts, "tails", "Heavy tails", "Histogram counts are on a log scale so that the tails show; the QQ-plot's points lie on the diagonal when the generated quantiles equal the real ones.");
        ReportPage.Section(html, charts, "pairs", "Cross-correlations", null);
        return ReportPage.End(html, charts);
    }

    private static JsonObject Curves(string title, string axis, double[] real, double[] generated)
    {
        var rows = new JsonArray();
        for (int i = 0; i < real.Length; i++)
        {
            rows.Add(new JsonObject { [axis] = i + 1, ["series"] = "real", ["value"] = real[i] });
            rows.Add(new JsonObject { [axis] = i + 1, ["series"] = "generated", ["value"] = generated[i] });
        }

        return new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = title,
            ["width"] = 420,
            ["height"] = 220,
            ["data"] = new JsonObject { ["values"] = rows },
            ["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 1.5 },
            ["encoding"] = new JsonObject
            {
                ["x"] = new JsonObject { ["field"] = axis, ["type"] = "quantitative" },
                ["y"] = new JsonObject { ["field"] = "value", ["type"] = "quantitative", ["title"] = "autocorrelation" },
                ["color"] = new JsonObject { ["field"] = "series", ["type"] = "nominal", ["title"] = null },
            },
        };
    }

    private static JsonObject Histogram(string name, double[] real, double[] generated)
    {
        const int bins = 80;
        double lo = Math.Min(real.Min(), generated.Min()), hi = Math.Max(real.Max(), generated.Max());
        double width = (hi - lo) / bins;
        var rows = new JsonArray();
        foreach (var (series, values) in new[] { ("real", real), ("generated", generated) })
        {
            var counts = new double[bins];
            foreach (double v in values)
            {
                counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
            }

            for (int b = 0; b < bins; b++)
            {
                if (counts[b] > 0)
                {
                    rows.Add(new JsonObject { ["return"] = lo + ((b + 0.5) * width), ["series"] = series, ["density"] = counts[b] / values.Length / width });
                }
            }
        }

        return new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = $"{name}: distribution of returns (log scale)",
            ["width"] = 420,
            ["height"] = 220,
            ["data"] = new JsonObject { ["values"] = rows },
            ["mark"] = new JsonObject { ["type"] = "line", ["point"] = true, ["strokeWidth"] = 1 },
            ["encoding"] = new JsonObject
            {
                ["x"] = new JsonObject { ["field"] = "return", ["type"] = "quantitative" },
                ["y"] = new JsonObject { ["field"] = "density", ["type"] = "quantitative", ["scale"] = new JsonObject { ["type"] = "log" } },
                ["color"] = new JsonObject { ["field"] = "series", ["type"] = "nominal", ["title"] = null },
            },
        };
    }

    private static JsonObject QuantilePlot(string name, (double Level, double Real, double Generated)[] points)
    {
        var rows = new JsonArray([.. points.Select(p => (JsonNode)new JsonObject { ["level"] = p.Level, ["real"] = p.Real, ["generated"] = p.Generated })]);
        double lo = points.Min(p => Math.Min(p.Real, p.Generated)), hi = points.Max(p => Math.Max(p.Real, p.Generated));
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = $"{name}: QQ-plot, generated against real quantiles",
            ["width"] = 300,
            ["height"] = 300,
            ["layer"] = new JsonArray(
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = new JsonArray(new JsonObject { ["x"] = lo, ["y"] = lo }, new JsonObject { ["x"] = hi, ["y"] = hi }) },
                    ["mark"] = new JsonObject { ["type"] = "line", ["color"] = "#999", ["strokeDash"] = new JsonArray(4, 4) },
                    ["encoding"] = new JsonObject { ["x"] = new JsonObject { ["field"] = "x", ["type"] = "quantitative" }, ["y"] = new JsonObject { ["field"] = "y", ["type"] = "quantitative" } },
                },
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = rows },
                    ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 18 },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = new JsonObject { ["field"] = "real", ["type"] = "quantitative", ["title"] = "real quantile" },
                        ["y"] = new JsonObject { ["field"] = "generated", ["type"] = "quantitative", ["title"] = "generated quantile" },
                        ["tooltip"] = new JsonArray(new JsonObject { ["field"] = "level", ["type"] = "quantitative" }),
                    },
                }),
        };
    }
}
