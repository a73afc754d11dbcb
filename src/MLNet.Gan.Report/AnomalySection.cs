using System.Globalization;
using System.Text;
using MLNet.Gan.Evaluation;

namespace MLNet.Gan.Report;

/// <summary>
/// An anomaly detector's score used alone as a classifier on rows whose labels it never saw: what a fraud team
/// gets from "how unlike normal traffic" before any label arrives.
/// </summary>
/// <param name="Detector">The detector and its settings, e.g. "TVAE, negative ELBO, 30 epochs".</param>
/// <param name="Fitted">The rows it was fitted on, without their labels.</param>
/// <param name="Scored">The rows it scored, against whose labels the figures are measured.</param>
/// <param name="Metrics">Average precision and ROC-AUC of the score.</param>
/// <param name="RecallAtOnePercent">The share of positives among the 1 % of rows with the highest scores.</param>
public sealed record AnomalySectionContent(string Detector, string Fitted, string Scored, BinaryScoreMetrics Metrics, double RecallAtOnePercent)
{
    /// <summary>Appends the section to a report.</summary>
    internal void Render(StringBuilder html)
    {
        html.Append("<h2 id=\"anomaly\">Anomaly score alone</h2>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{ReportPage.Encode(Detector)}, fitted on {ReportPage.Encode(Fitted)} without their labels; scored on {ReportPage.Encode(Scored)} ({Metrics.Rows:N0} rows, {Metrics.Positives:N0} positive).</p>\n");
        html.Append("<table class=\"metrics\">\n<tr><th>metric</th><th>score</th><th>what it means</th></tr>\n");
        Row(html, "average precision", Metrics.AucPr, $"the score ranking the scored rows against their labels; a score that knows nothing gets the positive rate, {Metrics.Positives / (double)Math.Max(1, Metrics.Rows):0.0000}");
        Row(html, "ROC-AUC", Metrics.RocAuc, "the chance that a positive row scores above a negative one; 0.5 knows nothing");
        Row(html, "recall at 1 % flagged", RecallAtOnePercent, "the share of positives among the 1 % of rows with the highest scores: what a review team checking that many rows would catch");
        html.Append("</table>\n<p class=\"note\">The detector saw no label: these figures say how far the score alone goes; the arms above say what labels add.</p>\n");
    }

    private static void Row(StringBuilder html, string name, double value, string meaning)
        => html.Append(CultureInfo.InvariantCulture, $"<tr><td>{ReportPage.Encode(name)}</td><td class=\"num\">{(double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "—")}</td><td>{ReportPage.Encode(meaning)}</td></tr>\n");
}
