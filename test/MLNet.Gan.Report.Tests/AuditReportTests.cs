using System.Text.RegularExpressions;
using MLNet.Gan.Compute;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 1)]

namespace MLNet.Gan.Report.Tests;

[TestClass]
public sealed partial class AuditReportTests
{
    private static Table Sample(int rows, long seed, double shift)
    {
        var rng = RandomStream.Create(seed);
        var income = new double[rows];
        var debt = new double[rows];
        var grade = new string[rows];
        var late = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            income[i] = i % 11 == 0 ? double.NaN : Math.Exp(10 + (0.5 * rng.NextNormal()) + shift);
            debt[i] = (0.3 * rng.NextNormal()) + (double.IsNaN(income[i]) ? 0 : income[i] / 1e5);
            grade[i] = ((char)('A' + rng.NextInt(4 + (int)shift))).ToString();
            late[i] = rng.NextDouble() < 0.1 + (0.05 * shift) ? "yes" : "no";
        }

        return new Table([new NumericColumn("income", income), new NumericColumn("debt", debt), CategoricalColumn.FromValues("grade", grade), CategoricalColumn.FromValues("late", late)]);
    }

    private static AuditReportContent Content()
    {
        var real = Sample(800, 1, 0);
        var synthetic = Sample(800, 2, 0.3);
        var history = Enumerable.Range(1, 40).Select(e => new EpochLoss(e, 1.0 / e, -0.5 / e)).ToList();
        return new AuditReportContent { Result = SyntheticDataAudit.Run(real, synthetic, Sample(400, 3, 0)), Real = real, Synthetic = synthetic, History = history, Synthesizer = "CTGAN" };
    }

    [GeneratedRegex("<div class=\"chart[^\"]*\" id=\"([^\"]+)\"([^>]*)>")]
    private static partial Regex ChartDiv();

    [TestMethod]
    public void Report_RendersInChromium_EveryChartDrawn_NoConsoleErrors_Screenshot()
    {
        var directory = Directory.CreateTempSubdirectory("mlnet-gan-report-");
        try
        {
            string html = Path.Combine(directory.FullName, "report.html");
            AuditReport.Write(html, Content());
            var (dom, console) = HeadlessChromium.DumpDom(html);

            var charts = ChartDiv().Matches(dom).ToList();
            Assert.AreEqual(4 + 3 + 1, charts.Count, "4 column charts, 3 correlation matrices, 1 loss chart");
            foreach (Match chart in charts)
            {
                var marks = Regex.Match(chart.Groups[2].Value, "data-marks=\"(\\d+)\"");
                Assert.IsTrue(marks.Success, $"chart {chart.Groups[1].Value} did not finish rendering");
                Assert.IsGreaterThan(0, int.Parse(marks.Groups[1].Value), $"chart {chart.Groups[1].Value} is empty");
            }

            StringAssert.Contains(dom, "data-failures=\"0\"");
            StringAssert.Contains(dom, "<svg");
            Assert.IsFalse(Regex.IsMatch(console, "error|uncaught", RegexOptions.IgnoreCase), $"console errors:\n{console}");

            string png = Path.Combine(directory.FullName, "report.png");
            HeadlessChromium.Screenshot(html, png, 2400);
            var bytes = File.ReadAllBytes(png);
            CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4], "a PNG");
            Assert.IsGreaterThan(20_000, bytes.Length, "a screenshot with content, not a blank page");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void Harness_CatchesAnEmptyChart()
    {
        // The checks above must be able to fail: a chart with no data is reported on the page and the console.
        var directory = Directory.CreateTempSubdirectory("mlnet-gan-report-");
        try
        {
            string html = Path.Combine(directory.FullName, "broken.html");
            string text = AuditReport.Render(Content())
                .Replace("const specs = {", "const specs = {\"broken\":{\"data\":{\"values\":[]},\"mark\":\"bar\",\"encoding\":{\"x\":{\"field\":\"a\",\"type\":\"quantitative\"}}},", StringComparison.Ordinal)
                .Replace("<ul id=\"errors\">", "<div class=\"chart\" id=\"broken\"></div><ul id=\"errors\">", StringComparison.Ordinal);
            File.WriteAllText(html, text);
            var (dom, console) = HeadlessChromium.DumpDom(html);
            StringAssert.Contains(dom, "data-failures=\"1\"");
            StringAssert.Contains(dom, "chart broken drew nothing");
            StringAssert.Contains(console, "chart broken drew nothing");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void Report_IsSelfContained_AndExplainsEveryMetric()
    {
        string html = AuditReport.Render(Content());
        string markup = Regex.Replace(html, "<script>.*?</script>", "<script></script>", RegexOptions.Singleline);
        Assert.IsFalse(Regex.IsMatch(markup, "<script[^>]*\\ssrc=|<link[^>]*href=|<img[^>]*src=", RegexOptions.IgnoreCase), "nothing is loaded from elsewhere");
        Assert.AreEqual(4, Regex.Matches(markup, "<script></script>").Count, "Vega, Vega-Lite, vega-embed and the charts, all inline");
        StringAssert.Contains(html, "vegaEmbed");
        foreach (var (key, _, explanation) in AuditResult.Metrics)
        {
            StringAssert.Contains(html, $"<code>{key}</code>");
            StringAssert.Contains(html, System.Net.WebUtility.HtmlEncode(explanation));
        }

        Assert.AreEqual(1, Regex.Matches(html, "</script>\\s*</body>").Count);
    }
}
