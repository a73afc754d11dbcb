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

    /// <summary>What the model's differentially private training spent, if it was private; shown beside the metrics with what it does not cover.</summary>
    public DifferentialPrivacy.PrivacyReport? Privacy { get; init; }

    /// <summary>An anomaly detector's score alone as a classifier on the same data, if measured; a section after the metrics.</summary>
    public AnomalySectionContent? Anomaly { get; init; }
}

/// <summary>
/// The synthetic-data audit as one self-contained HTML file: the metric table with a line on each
/// metric, real vs synthetic distributions of every column, correlation matrices (real, synthetic,
/// difference) and the training loss curves. Vega, Vega-Lite and vega-embed are inlined, so the file
/// opens offline; nothing is fetched.
/// </summary>
public static class AuditReport
{
    /// <summary>Writes the report to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Write(string path, AuditReportContent content)
    {
        ReportPage.Write(path, Render(content));
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

        var html = ReportPage.Begin("Synthetic-data audit");
        html.Append("<p class=\"meta\">");
        html.Append(CultureInfo.InvariantCulture, $"Real: {ReportPage.Encode(content.RealSource)} ({result.RealRows:N0} rows) · synthetic: {ReportPage.Encode(content.SyntheticSource)} ({result.SyntheticRows:N0} rows)");
        if (result.HoldoutRows is int holdout)
        {
            html.Append(CultureInfo.InvariantCulture, $" · holdout: {holdout:N0} rows");
        }

        if (result.Label is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" · label: {ReportPage.Encode(result.Label)} (positive: {ReportPage.Encode(result.PositiveClass ?? "")})");
        }

        html.Append("</p>\n");
        if (content.Privacy is { } privacy)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\"><strong>Differentially private training</strong>: ε = {privacy.EpsilonSpent:0.###} spent of {privacy.Epsilon:0.###} at δ = {privacy.Delta:G3} (noise multiplier {privacy.NoiseMultiplier:0.###}, clipping norm {privacy.MaxGradNorm:G3}, sampling rate {privacy.SamplingRate:0.####}, {privacy.Steps:N0} steps; {ReportPage.Encode(DifferentialPrivacy.PrivacyReport.Accountant)}). {ReportPage.Encode(DifferentialPrivacy.PrivacyReport.NotPrivate)}</p>\n");
        }
        else if (content.Synthesizer is not null)
        {
            html.Append("<p class=\"meta\">Trained without differential privacy: no formal guarantee; the privacy metrics below are measurements, not bounds.</p>\n");
        }

        html.Append("<h2>Metrics</h2>\n<table class=\"metrics\">\n<tr><th>metric</th><th>score</th><th>what it means</th></tr>\n");
        foreach (var (key, name, explanation) in AuditResult.Metrics)
        {
            string value = result[key] is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{ReportPage.Encode(name)}<br><code>{key}</code></td><td class=\"num\">{value}</td><td>{ReportPage.Encode(explanation)}</td></tr>\n");
        }

        html.Append("</table>\n");
        if (AuditResult.Metrics.Any(m => result[m.Key] is null))
        {
            html.Append("<p class=\"note\">A dash: not measured (DCR overfitting protection and membership inference need a holdout; utility needs a label and a holdout) or not defined (no numeric or no categorical columns).</p>\n");
        }

        if (result.UtilitySkipped is { } skipped)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\" id=\"utility-skipped\"><strong>Utility</strong> {ReportPage.Encode(skipped)}</p>\n");
        }

        content.Anomaly?.Render(html);
        ReportPage.Section(html, charts, "columns", "Column distributions: real vs synthetic",
            drawn < real.Columns.Count ? $"The first {drawn} of {real.Columns.Count} columns are drawn; every column is scored in the JSON." : null);
        ReportPage.Section(html, charts, "pairs", "Correlations (Pearson, numeric columns)",
            numeric.Length < real.Columns.OfType<NumericColumn>().Count() ? $"The first {numeric.Length} numeric columns are drawn." : null);
        ReportPage.Section(html, charts, "training", "Training", null);
        return ReportPage.End(html, charts);
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
}
