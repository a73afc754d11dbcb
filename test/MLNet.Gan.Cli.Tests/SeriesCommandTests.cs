using static MLNet.Gan.Cli.Tests.CliRunner;
using System.Text.Json;

namespace MLNet.Gan.Cli.Tests;

[TestClass]
public sealed class SeriesCommandTests
{
    [TestMethod]
    public void Garch_FitsTheSp500_SamplesPaths_EvaluatesThemAsJsonAndReport()
    {
        string model = Temp(".json"), paths = Temp(".csv"), json = Temp(".json"), report = Temp(".html");
        try
        {
            var (code, _, error) = Run("series", "fit", "--generator", "garch", "--data", Data("sp500_daily_log_returns_1928_1991.csv.gz"), "--model", model);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(error, "mu 5.5476E-004  omega 7.0969E-007  alpha 0.07954  beta 0.91692  nu 5.722  log-likelihood 57287.97");

            (code, _, error) = Run("series", "sample", "--model", model, "--length", "400", "--paths", "3", "--seed", "5", "--out", paths);
            Assert.AreEqual(0, code, error);
            Assert.HasCount(1 + 1200, File.ReadAllLines(paths));

            (code, var output, error) = Run("series", "evaluate", "--real", Data("sp500_daily_log_returns_1928_1991.csv.gz"), "--synthetic", paths, "--json", json, "--report", report);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "| log_return | kurtosis | 25.4222 |");
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.AreEqual(3, doc.RootElement.GetProperty("paths").GetInt32());
            Assert.AreEqual(11, doc.RootElement.GetProperty("rows").GetArrayLength());
            StringAssert.Contains(File.ReadAllText(report), "Return paths: stylized facts");
        }
        finally
        {
            foreach (var f in new[] { model, paths, json, report })
            {
                File.Delete(f);
            }
        }
    }

    [TestMethod]
    public void Gan_TrainsOnFourIndices_AndBadSeriesAreOneLine()
    {
        string model = Temp(".json"), bad = Temp(".csv");
        try
        {
            var (code, _, error) = Run("series", "fit", "--data", Data("eu_stock_markets_1991_1998.csv.gz"), "--prices", "--steps", "3", "--model", model);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(error, "4 asset(s) × 1,859 days");
            StringAssert.Contains(File.ReadAllText(model), "\"kind\": \"gan\"");

            File.WriteAllText(bad, "day,price\n" + string.Join('\n', Enumerable.Range(1, 300).Select(d => $"{d},{(d == 42 ? "0" : "100")}")));
            (code, _, error) = Run("series", "fit", "--data", bad, "--prices", "--model", model + ".bad");
            Assert.AreEqual(2, code);
            Assert.AreEqual($"error: '{Path.GetFileName(bad)}', line 43, column 'price': price 0 is not positive; log returns need positive prices.", error.Trim());
            Assert.IsFalse(File.Exists(model + ".bad"));
        }
        finally
        {
            File.Delete(model);
            File.Delete(bad);
        }
    }
}
