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
            Assert.AreEqual(12, doc.RootElement.GetProperty("rows").GetArrayLength());
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
            StringAssert.Contains(error, "4 asset(s) × 1,487 days (the last 372 of the 1,859 held out to choose the checkpoint on)");
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

    [TestMethod]
    public void Backtest_OfTheSp500_FromDay12001_RunsEveryTestForEveryForecaster_AndRefusesBadInput()
    {
        string json = Temp(".json");
        string sp500 = Data("sp500_daily_log_returns_1928_1991.csv.gz");
        try
        {
            var (code, output, error) = Run("series", "backtest", "--data", sp500, "--from", "12001", "--levels", "0.99", "--json", json);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "models fitted on days 1–12,000, one-day-ahead forecasts for days 12,001–17,055 (5,055 days)");
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var backtests = doc.RootElement.GetProperty("backtests");
            CollectionAssert.AreEqual(
                new[] { "GARCH(1,1)-t", "EWMA (λ = 0.94)", "historical simulation (1,000 days)", "filtered historical simulation (1,000 days)" },
                backtests.EnumerateArray().Select(b => b.GetProperty("forecaster").GetString()).ToArray());
            foreach (var b in backtests.EnumerateArray())
            {
                Assert.AreEqual(5055, b.GetProperty("days").GetInt32());
                foreach (var test in new[] { "kupiec", "christoffersen_independence", "christoffersen_conditional_coverage", "dynamic_quantile" })
                {
                    double pValue = b.GetProperty(test).GetProperty("p_value").GetDouble();
                    Assert.IsTrue(pValue is >= 0 and <= 1, test);
                    Assert.IsFalse(string.IsNullOrEmpty(b.GetProperty(test).GetProperty("source").GetString()), test);
                }

                var light = b.GetProperty("traffic_light");
                Assert.AreEqual(5055 - 249, light.GetProperty("green").GetInt32() + light.GetProperty("yellow").GetInt32() + light.GetProperty("red").GetInt32(), "every 250-day window");
            }

            Assert.AreEqual(JsonValueKind.Null, backtests[0].GetProperty("diebold_mariano_fz0_against_reference").ValueKind, "GARCH is the reference");
            Assert.AreEqual(JsonValueKind.Object, backtests[2].GetProperty("diebold_mariano_fz0_against_reference").ValueKind);

            // 10-day returns on the 505 whole non-overlapping blocks, by simulation, without a traffic light
            var blocks = doc.RootElement.GetProperty("horizon_backtests");
            Assert.AreEqual(10, doc.RootElement.GetProperty("horizon_days").GetInt32());
            Assert.AreEqual("GARCH(1,1)-t, 10-day by simulation (1,000 paths)", blocks[0].GetProperty("forecaster").GetString());
            Assert.AreEqual(505, blocks[0].GetProperty("days").GetInt32());
            Assert.AreEqual(JsonValueKind.Null, blocks[0].GetProperty("traffic_light").ValueKind);
            StringAssert.Contains(output, "10-day returns: 505 non-overlapping blocks from day 12,001");
        }
        finally
        {
            File.Delete(json);
        }

        foreach (var (args, expected) in new (string[], string)[]
        {
            (["--from", "500"], "--from must leave at least 1,000 days before it"),
            (["--from", "17000"], "and 250 test days after it"),
            (["--from", "12001", "--levels", "0.99,1.5"], "--levels must be numbers in (0, 1) (got '1.5')"),
            (["--from", "12001", "--refit-every", "-1"], "--refit-every must be at least 0 (got -1)"),
            (["--from", "12001", "--horizon", "300"], "--horizon must be between 0 (none) and 250 days (got 300)"),
            (["--from", "12001", "--paths", "50"], "--paths 50 leaves no simulated path in the 1 % tail: give at least 100"),
        })
        {
            var (code, _, error) = Run(["series", "backtest", "--data", sp500, "--json", json, .. args]);
            AssertCleanFailure(code, error, json);
            StringAssert.Contains(error, expected);
        }

        var several = Run("series", "backtest", "--data", Data("eu_stock_markets_1991_1998.csv.gz"), "--prices", "--from", "1200", "--window", "500", "--json", json);
        AssertCleanFailure(several.Code, several.Error, json);
        StringAssert.Contains(several.Error, "forecasts one asset; the data has 4");
    }

    [TestMethod]
    public void Backtest_WithAGanFittedBeforeTheTestDays_ForecastsFirst_WritesTheReport_AndRefusesOtherModels()
    {
        string sp500 = Data("sp500_daily_log_returns_1928_1991.csv.gz");
        string gan = Temp(".json"), garch = Temp(".json"), json = Temp(".json"), report = Temp(".html");
        string[] small = ["--steps", "4", "--layers", "3", "--window", "128", "--batch-size", "2", "--checkpoint-paths", "1"];
        try
        {
            var fit = Run(["series", "fit", "--data", sp500, "--until", "12000", "--model", gan, .. small]);
            Assert.AreEqual(0, fit.Code, fit.Error);
            StringAssert.Contains(fit.Error, "× 9,600 days (the last 2,400 of the 12,000 held out to choose the checkpoint on)");

            // four steps leave a generator whose filter has no volatility: fit says so on the held-out days instead of leaving it to a backtest
            StringAssert.Contains(fit.Error, "held-out days 9,601–12,000: its one-day 97.5 % VaR was exceeded on ");
            StringAssert.Contains(fit.Error, "Do not use this model for risk forecasts; fit again with another --seed.");

            var (code, output, error) = Run("series", "backtest", "--data", sp500, "--from", "12001", "--levels", "0.975", "--model", gan, "--json", json, "--report", report);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "the GAN learned from days 1–9,600 and chose its checkpoint on days 9,601–12,000");
            using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
            {
                var backtests = doc.RootElement.GetProperty("backtests");
                Assert.AreEqual("sequence GAN", backtests[0].GetProperty("forecaster").GetString(), "the model is the reference row");
                Assert.AreEqual(6, backtests.GetArrayLength(), "the GAN, filtered historical simulation on its filter, and the four desk forecasters");
                var blocks = doc.RootElement.GetProperty("horizon_backtests");
                Assert.AreEqual("sequence GAN, 10-day by simulation (1,000 paths)", blocks[0].GetProperty("forecaster").GetString());
                Assert.AreEqual(2, blocks.GetArrayLength(), "the GAN and GARCH");
                foreach (var b in backtests.EnumerateArray())
                {
                    double u = b.GetProperty("du_escanciano_unconditional").GetProperty("p_value").GetDouble();
                    Assert.IsTrue(u is >= 0 and <= 1, b.GetProperty("forecaster").GetString());
                    Assert.IsTrue(double.IsFinite(b.GetProperty("acerbi_szekely_z2").GetProperty("statistic").GetDouble()));
                }
            }

            string html = File.ReadAllText(report);
            StringAssert.Contains(html, "Returns against the value-at-risk");
            StringAssert.Contains(html, "Du &amp; Escanciano (2017)");

            Assert.AreEqual(0, Run("series", "fit", "--generator", "garch", "--data", sp500, "--until", "12000", "--model", garch).Code);
            File.Delete(json);
            foreach (var (args, expected) in new (string[], string)[]
            {
                (["--from", "12001", "--model", garch], "holds a garch model; the backtest takes a sequence GAN"),
                (["--from", "9000", "--model", gan], "--model was fitted on days 1–12,000 but the test starts on day 9,000: its forecasts would be in-sample"),
                (["--from", "12001", "--weights", "0.5,0.6"], "--weights must sum to 1"),
                (["--from", "20000"], "between 1,001 and 16,806 (got 20,000)"),
            })
            {
                var failed = Run(["series", "backtest", "--data", sp500, "--json", json, .. args]);
                AssertCleanFailure(failed.Code, failed.Error, json);
                StringAssert.Contains(failed.Error, expected);
            }
        }
        finally
        {
            foreach (var f in new[] { gan, garch, json, report })
            {
                File.Delete(f);
            }
        }
    }
}
