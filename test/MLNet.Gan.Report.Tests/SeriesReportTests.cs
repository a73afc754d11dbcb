using System.Text.RegularExpressions;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Report.Tests;

[TestClass]
public sealed partial class SeriesReportTests
{
    [GeneratedRegex("<div class=\"chart[^\"]*\" id=\"([^\"]+)\"([^>]*)>")]
    private static partial Regex ChartDiv();

    [TestMethod]
    public void SeriesReport_RendersInChromium_EveryChartDrawn_Offline()
    {
        // two assets, GARCH paths against a GARCH "real" series: 4 charts per asset and 2 correlation matrices
        var truth = GarchModel.FromParameters(new GarchParameters(3e-4, 2e-6, 0.08, 0.9, 6));
        var real = new ReturnSeries(["A", "B"], [truth.Simulate(1500, 1), truth.Simulate(1500, 2)]);
        var model = GarchSeriesModel.Fit(real);
        var evaluation = SeriesEvaluation.Run(real, [model.Generate(1500, 3), model.Generate(1500, 4)]);
        var directory = Directory.CreateTempSubdirectory("mlnet-gan-series-report-");
        try
        {
            string html = Path.Combine(directory.FullName, "series.html");
            SeriesReport.Write(html, evaluation, "real.csv", "paths.csv");
            string text = File.ReadAllText(html);
            string markup = Regex.Replace(text, "<script>.*?</script>", "<script></script>", RegexOptions.Singleline);
            Assert.IsFalse(Regex.IsMatch(markup, "<script[^>]*\\ssrc=|<link[^>]*href=", RegexOptions.IgnoreCase), "nothing is loaded from elsewhere");

            var (dom, console) = HeadlessChromium.DumpDom(html);
            var charts = ChartDiv().Matches(dom).ToList();
            Assert.HasCount(2 * 4 + 2, charts);
            foreach (Match chart in charts)
            {
                var marks = Regex.Match(chart.Groups[2].Value, "data-marks=\"(\\d+)\"");
                Assert.IsTrue(marks.Success, $"chart {chart.Groups[1].Value} did not finish rendering");
                Assert.IsGreaterThan(0, int.Parse(marks.Groups[1].Value), $"chart {chart.Groups[1].Value} is empty");
            }

            StringAssert.Contains(dom, "data-failures=\"0\"");
            Assert.IsFalse(Regex.IsMatch(console, "error|uncaught", RegexOptions.IgnoreCase), $"console errors:\n{console}");
            StringAssert.Contains(dom, "acf |r| lag 100");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
