using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Tests.Sequences;

[TestClass]
public sealed class GarchTests
{
    [TestMethod]
    public void Fit_OnTheSp500Series_MatchesFGarch()
    {
        // R's fGarch 4022.89, garchFit(~garch(1,1), cond.dist = "std") on the same series (../shared/docs/anchors.md)
        var series = ReturnSeries.Read(SharedData.File("sp500_daily_log_returns_1928_1991.csv.gz"));
        Assert.AreEqual(17055, series.Length);
        var fit = GarchModel.Fit(series.Returns[0]);
        var p = fit.Parameters;
        Assert.AreEqual(5.548e-4, p.Mu, 0.02 * 5.548e-4, $"μ {p}");
        Assert.AreEqual(7.097e-7, p.Omega, 0.02 * 7.097e-7, $"ω {p}");
        Assert.AreEqual(0.07954, p.Alpha, 0.02 * 0.07954, $"α {p}");
        Assert.AreEqual(0.91692, p.Beta, 0.02 * 0.91692, $"β {p}");
        Assert.AreEqual(5.722, p.Nu, 0.05 * 5.722, $"ν {p}");
        Assert.AreEqual(57287.97, fit.LogLikelihood, 1.0, "log-likelihood");
    }

    [TestMethod]
    public void Fit_OnTheSp500sFirst16000Days_FindsTheOptimum_NotANormalLimitTheLikelihoodsRoundingFavours()
    {
        // ln Γ((ν+1)/2) − ln Γ(ν/2) taken directly loses every digit at large ν; the search then ran to
        // ν ≈ 2·10¹⁵, μ = −0.0103, ω ≈ 3·10⁻¹⁷ at a "likelihood" of 151,427
        var returns = ReturnSeries.Read(SharedData.File("sp500_daily_log_returns_1928_1991.csv.gz")).Returns[0][..16000];
        var fit = GarchModel.Fit(returns);
        Assert.AreEqual(5.88, fit.Parameters.Nu, 0.2, fit.Parameters.ToString());
        Assert.AreEqual(5.47e-4, fit.Parameters.Mu, 0.3e-4, fit.Parameters.ToString());
        Assert.AreEqual(53903.5, fit.LogLikelihood, 1.0);

        // at the artefact's parameters the likelihood is now what a normal model gives there: far below the optimum
        var artefact = new GarchParameters(-0.010289549237285056, 3.277125813410184E-17, 0.10121858277036178, 0.8987814172296202, 2369640916988066.5);
        Assert.IsLessThan(fit.LogLikelihood, GarchModel.LogLikelihoodOf(returns, artefact));
        var normal = artefact with { Nu = 1e6 };
        Assert.AreEqual(GarchModel.LogLikelihoodOf(returns, normal), GarchModel.LogLikelihoodOf(returns, artefact), 1.0, "ν = 10⁶ and 2·10¹⁵ are both the normal limit");

        // the half step of ln Γ on both sides of the switch to the asymptotic series
        Assert.AreEqual(GarchModel.LogGammaHalfStep(1e6), (0.5 * Math.Log(1e6)) - (1 / 8e6) + (1 / (192 * 1e18)), 1e-9);
        Assert.AreEqual(0.5 * Math.Log(1e12), GarchModel.LogGammaHalfStep(1e12), 1e-12);
    }

    [TestMethod]
    public void Fit_RecoversTheParametersOfASimulatedPath_AndLogGammaIsRight()
    {
        var truth = new GarchParameters(3e-4, 2e-6, 0.09, 0.89, 6);
        var path = GarchModel.FromParameters(truth).Simulate(20_000, seed: 3);
        var fit = GarchModel.Fit(path).Parameters;
        Assert.AreEqual(truth.Alpha, fit.Alpha, 0.02);
        Assert.AreEqual(truth.Beta, fit.Beta, 0.02);
        Assert.AreEqual(truth.Nu, fit.Nu, 1.0);
        Assert.AreEqual(Math.Log(24), GarchModel.LogGamma(5), 1e-12);
        Assert.AreEqual(0.5 * Math.Log(Math.PI), GarchModel.LogGamma(0.5), 1e-12);
        CollectionAssert.AreEqual(path, GarchModel.FromParameters(truth).Simulate(20_000, seed: 3), "a seed gives the same path");
    }
}

[TestClass]
public sealed class SeriesEstimatorTests
{
    [TestMethod]
    public void MlContextSeries_FitsFromADataView_AndGeneratesPathsAsViews()
    {
        var ml = new Microsoft.ML.MLContext(1);
        var view = ml.Data.LoadFromCsv(SharedData.File("sp500_daily_log_returns_1928_1991.csv.gz"));
        var garch = ml.Series.Garch().Fit(view);
        var path = garch.Generate(500, seed: 2);
        CollectionAssert.AreEqual(new[] { "day", "log_return" }, path.Schema.Select(c => c.Name).ToArray());
        var returns = path.GetColumn<float>("log_return").ToArray();
        Assert.HasCount(500, returns);
        CollectionAssert.AreEqual(returns, garch.Generate(500, seed: 2).GetColumn<float>("log_return").ToArray());
        Assert.AreEqual(0.07954, ((GarchSeriesModel)garch.Model).Models[0].Parameters.Alpha, 0.0005);
    }

    [TestMethod]
    public void MlContextSeries_ForecastsTheRiskOfEveryDayAfterTheStart_AsAView()
    {
        // GARCH fitted on a 3,000-day view forecasts days 2,001 on of it: the view's VaR is RiskForecasters.Garch's
        var ml = new Microsoft.ML.MLContext(1);
        var returns = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6)).Simulate(3000, seed: 3);
        var view = ml.Data.LoadFromEnumerable(returns.Select((r, t) => new DayReturn { Day = t + 1, Return = (float)r }));
        var garch = ml.Series.Garch().Fit(view);
        var forecasts = garch.Forecast(view, firstDay: 2001);
        CollectionAssert.AreEqual(new[] { "day", "return", "volatility", "ValueAtRisk99", "ExpectedShortfall99", "ValueAtRisk97.5", "ExpectedShortfall97.5" }, forecasts.Schema.Select(c => c.Name).ToArray());
        var var99 = forecasts.GetColumn<float>("ValueAtRisk99").ToArray();
        Assert.HasCount(1000, var99);
        var direct = RiskForecasters.Garch(((GarchSeriesModel)garch.Model).Models[0], [.. returns.Select(r => (double)(float)r)], 2000, 0.01);
        Assert.AreEqual((float)direct.ValueAtRisk[0], var99[0], 1e-6f);
        Assert.AreEqual(2001f, forecasts.GetColumn<float>("day").First());
        Assert.ThrowsExactly<ArgumentException>(() => garch.Forecast(view, 2001, 1.5));
        Assert.ThrowsExactly<ArgumentException>(() => garch.Forecast(view, 3001));
    }

    private sealed class DayReturn
    {
        [Microsoft.ML.Data.ColumnName("day")]
        public float Day { get; set; }

        [Microsoft.ML.Data.ColumnName("r")]
        public float Return { get; set; }
    }
}
