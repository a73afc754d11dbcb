using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Evaluation;
using MLNet.Gan.IO;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Report;

/// <summary>What goes into an audit report besides the metrics.</summary>
public sealed class AuditReportContent
{
    /// <summary>The measured metrics.</summary>
    public required AuditResult Result { get; init; }

    /// <summary>The real table the synthetic data is compared with.</summary>
    public required Table Real { get; init; }

    /// <summary>The synthetic table.</summary>
    public required Table Synthetic { get; init; }

    /// <summary>Where the real data came from (a file name), shown in the header.</summary>
    public string RealSource { get; init; } = "real data";

    /// <summary>Where the synthetic data came from (a file name), shown in the header.</summary>
    public string SyntheticSource { get; init; } = "synthetic data";

    /// <summary>The loss history of the model that made the synthetic data, if known; drawn as curves.</summary>
    public IReadOnlyList<EpochLoss>? History { get; init; }

    /// <summary>The synthesizer's name (ctgan, tvae), if known.</summary>
    public string? Synthesizer { get; init; }
}

/// <summary>
/// The synthetic-data audit as one self-contained HTML file: the metric table with a line on each
/// metric, real vs synthetic distributions of every column, correlation matrices (real, synthetic,
/// difference) and the training loss curves. Vega, Vega-Lite and vega-embed are inlined, so the file
/// opens offline; nothing is fetched.
/// </summary>
public static class AuditReport
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>Writes the report to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Write(string path, AuditReportContent content)
    {
        string html = Render(content);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            writer.Write(html);
        });
    }

    /// <summary>The report's HTML.</summary>
    public static string Render(AuditReportContent content)
    {
        var result = content.Result;
        var real = content.Real;
        var synthetic = TableMatching.Align(real, content.Synthetic, TableMatching.SyntheticData);
        var charts = new List<(string Section, string Id, JsonObject Spec)>();
        int drawn = Math.Min(real.Columns.Count, ReportCharts.MaxDistributionCharts);
        for (int j = 0; j < drawn; j++)
        {
            var column = real.Columns[j];
            charts.Add(("columns", $"column-{j}", ReportCharts.Distribution(column, synthetic.Columns[j], result.Columns.GetValueOrDefault(column.Name))));
        }

        var numeric = real.Columns.OfType<NumericColumn>().Take(ReportCharts.MaxMatrixColumns).Select(c => c.Name).ToArray();
        if (numeric.Length >= 2)
        {
            var realMatrix = Correlations(real, numeric);
            var syntheticMatrix = Correlations(synthetic, numeric);
            var difference = new double[numeric.Length, numeric.Length];
            for (int i = 0; i < numeric.Length; i++)
            {
                for (int k = 0; k < numeric.Length; k++)
                {
                    difference[i, k] = syntheticMatrix[i, k] - realMatrix[i, k];
                }
            }

            charts.Add(("pairs", "correlation-real", ReportCharts.CorrelationMatrix("Real correlations", numeric, realMatrix, difference: false)));
            charts.Add(("pairs", "correlation-synthetic", ReportCharts.CorrelationMatrix("Synthetic correlations", numeric, syntheticMatrix, difference: false)));
            charts.Add(("pairs", "correlation-difference", ReportCharts.CorrelationMatrix("Difference (synthetic − real)", numeric, difference, difference: true)));
        }

        if (content.History is { Count: > 0 } history)
        {
            charts.Add(("training", "loss", ReportCharts.LossCurves(history, content.Synthesizer)));
        }

        var html = new StringBuilder(1 << 20);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Synthetic-data audit</title>\n");
        html.Append("<style>\n").Append(Style).Append("</style>\n");
        foreach (var library in new[] { "vega.min.js", "vega-lite.min.js", "vega-embed.min.js" })
        {
            html.Append("<script>").Append(ChartingLibrary(library)).Append("</script>\n");
        }

        html.Append("</head>\n<body>\n<h1>Synthetic-data audit</h1>\n<p class=\"meta\">");
        html.Append(CultureInfo.InvariantCulture, $"Real: {Encode(content.RealSource)} ({result.RealRows:N0} rows) · synthetic: {Encode(content.SyntheticSource)} ({result.SyntheticRows:N0} rows)");
        if (result.HoldoutRows is int holdout)
        {
            html.Append(CultureInfo.InvariantCulture, $" · holdout: {holdout:N0} rows");
        }

        if (result.Label is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" · label: {Encode(result.Label)} (positive: {Encode(result.PositiveClass ?? "")})");
        }

        html.Append("</p>\n<h2>Metrics</h2>\n<table class=\"metrics\">\n<tr><th>metric</th><th>score</th><th>what it means</th></tr>\n");
        foreach (var (key, name, explanation) in AuditResult.Metrics)
        {
            string value = result[key] is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(name)}<br><code>{key}</code></td><td class=\"num\">{value}</td><td>{Encode(explanation)}</td></tr>\n");
        }

        html.Append("</table>\n");
        if (AuditResult.Metrics.Any(m => result[m.Key] is null))
        {
            html.Append("<p class=\"note\">A dash: not measured (DCR overfitting protection needs a holdout; utility needs a label) or not defined (no numeric or no categorical columns).</p>\n");
        }

        Section(html, charts, "columns", "Column distributions: real vs synthetic",
            drawn < real.Columns.Count ? $"The first {drawn} of {real.Columns.Count} columns are drawn; every column is scored in the JSON." : null);
        Section(html, charts, "pairs", "Correlations (Pearson, numeric columns)",
            numeric.Length < real.Columns.OfType<NumericColumn>().Count() ? $"The first {numeric.Length} numeric columns are drawn." : null);
        Section(html, charts, "training", "Training", null);
        html.Append("<ul id=\"errors\"></ul>\n<script>\n").Append(Bootstrap.Replace("__SPECS__", SpecsJson(charts), StringComparison.Ordinal)).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Section(StringBuilder html, List<(string Section, string Id, JsonObject Spec)> charts, string section, string title, string? note)
    {
        if (!charts.Any(c => c.Section == section))
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(title)}</h2>\n");
        if (note is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{Encode(note)}</p>\n");
        }

        html.Append("<div class=\"grid\">\n");
        foreach (var (_, id, _) in charts.Where(c => c.Section == section))
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\" id=\"{id}\"></div>\n");
        }

        html.Append("</div>\n");
    }

    private static string SpecsJson(List<(string Section, string Id, JsonObject Spec)> charts)
    {
        var specs = new JsonObject();
        foreach (var (_, id, spec) in charts)
        {
            specs[id] = spec;
        }

        // The default encoder escapes <, > and & as \u003C…, so no "</script>" can end the block early.
        return specs.ToJsonString(Compact);
    }

    private static double[,] Correlations(Table table, string[] names)
    {
        var matrix = new double[names.Length, names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            for (int k = 0; k < names.Length; k++)
            {
                matrix[i, k] = i == k ? 1 : k < i ? matrix[k, i] : Fidelity.Pearson((NumericColumn)table[names[i]], (NumericColumn)table[names[k]]);
            }
        }

        return matrix;
    }

    private static string ChartingLibrary(string name)
    {
        using var stream = typeof(AuditReport).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The report's charting library '{name}' is not embedded; rebuild MLNet.Gan.Report with npm available.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px 32px; color: #222; }
        h1 { margin-bottom: 4px; } h2 { margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        .meta, .note { color: #555; }
        table.metrics { border-collapse: collapse; max-width: 1100px; }
        table.metrics th, table.metrics td { border-bottom: 1px solid #e4e4e4; padding: 6px 10px; text-align: left; vertical-align: top; }
        table.metrics td.num { font-variant-numeric: tabular-nums; text-align: right; font-weight: 600; white-space: nowrap; }
        code { color: #777; font-size: 12px; }
        .grid { display: flex; flex-wrap: wrap; gap: 12px 24px; }
        #errors { color: #b00; }

        """;

    // Renders every chart as SVG; records failures on the page and on the console, and marks each
    // chart with its number of drawn marks so that an empty chart can be detected.
    private const string Bootstrap = """
        const specs = __SPECS__;
        const failures = [];
        function fail(message) { failures.push(message); const li = document.createElement('li'); li.textContent = message; document.getElementById('errors').appendChild(li); console.error(message); }
        window.addEventListener('error', e => fail('error: ' + e.message));
        Promise.all(Object.entries(specs).map(([id, spec]) => {
          const element = document.getElementById(id);
          return vegaEmbed(element, spec, { actions: false, renderer: 'svg' }).then(() => {
            const marks = element.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect').length;
            element.dataset.marks = marks;
            if (marks === 0) { fail('chart ' + id + ' drew nothing'); }
          }).catch(e => fail('chart ' + id + ': ' + e));
        })).then(() => { document.body.dataset.charts = Object.keys(specs).length; document.body.dataset.failures = failures.length; });

        """;
}
