using MLNet.Gan.Backtesting;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Tests.Backtesting;

/// <summary>The baseline forecasters against hand recursions and numerical integrals, and a GARCH forecast that covers GARCH data.</summary>
[TestClass]
public sealed class RiskForecasterTests
{
    private static readonly GarchParameters Truth = new(2e-4, 2e-6, 0.08, 0.9, 6);

    [TestMethod]
    public void GarchFilter_IsTheFittedRecursion_AndUsesOnlyThePast()
    {
        var model = GarchModel.FromParameters(Truth);
        var returns = model.Simulate(500, seed: 1);
        double initial = 3e-4 * 3e-4;
        var sigma = model.Filter(returns, initial);
        Assert.HasCount(501, sigma, "one more than the days: tomorrow's");

        // σ²₀ = ω + (α + β)·initial, then σ²ₜ = ω + α(rₜ₋₁ − μ)² + βσ²ₜ₋₁
        double h = Truth.Omega + ((Truth.Alpha + Truth.Beta) * initial);
        for (int t = 0; t <= 500; t++)
        {
            Assert.AreEqual(Math.Sqrt(h), sigma[t], 1e-15, $"day {t}");
            if (t < 500)
            {
                double e = returns[t] - Truth.Mu;
                h = Truth.Omega + (Truth.Alpha * e * e) + (Truth.Beta * h);
            }
        }

        // day t's volatility does not move when a later return changes
        var changed = (double[])returns.Clone();
        changed[300] = 0.2;
        var again = model.Filter(changed, initial);
        CollectionAssert.AreEqual(sigma[..301], again[..301]);
        Assert.AreNotEqual(sigma[301], again[301]);

        // the standardized residuals are the same recursion's
        var z = model.StandardizedResiduals(returns);
        var own = model.Filter(returns);
        for (int t = 0; t < 500; t++)
        {
            Assert.AreEqual(returns[t], Truth.Mu + (z[t] * own[t]), 1e-15);
        }
    }

    [TestMethod]
    public void StudentTail_MatchesANumericalIntegral_OfTheUnitVarianceDensity()
    {
        foreach (var (nu, p) in new[] { (6.0, 0.01), (4.0, 0.025), (30.0, 0.05) })
        {
            var (quantile, shortfall) = RiskForecasters.StandardizedStudentTail(nu, p);

            // the density of t(ν) scaled to unit variance, s = √((ν − 2)/ν): f(x) = g(x/s)/s, g from the log-gamma formula
            double s = Math.Sqrt((nu - 2) / nu);
            double logC = global::MLNet.Gan.Compute.SpecialFunctions.LogGamma((nu + 1) / 2) - global::MLNet.Gan.Compute.SpecialFunctions.LogGamma(nu / 2) - (0.5 * Math.Log(nu * Math.PI));
            double F(double x) => Math.Exp(logC - ((nu + 1) / 2 * Math.Log(1 + (x / s * (x / s) / nu)))) / s;
            double mass = 0, moment = 0, step = 1e-4;
            for (double x = -200; x < quantile; x += step)
            {
                double mid = x + (step / 2);
                mass += F(mid) * step;
                moment += mid * F(mid) * step;
            }

            Assert.AreEqual(p, mass, 2e-5, $"ν {nu}: P(Z < VaR) = p");
            Assert.AreEqual(moment / p, shortfall, 2e-3 * Math.Abs(shortfall), $"ν {nu}: ES = E[Z | Z < VaR]");
        }
    }

    [TestMethod]
    public void HistoricalSimulationAndEwma_FollowTheirDefinitions()
    {
        // window 10, p = 0.2: k = 2, the 2nd smallest and the mean of the two smallest
        double[] returns = [0.01, -0.03, 0.02, -0.01, 0.00, -0.05, 0.03, 0.01, -0.02, 0.02, 0.04, -0.01];
        var hs = RiskForecasters.HistoricalSimulation(returns, from: 10, p: 0.2, window: 10);
        Assert.AreEqual(-0.03, hs.ValueAtRisk[0]);
        Assert.AreEqual(-0.04, hs.ExpectedShortfall[0], 1e-15);
        Assert.AreEqual(-0.03, hs.ValueAtRisk[1], "day 11's window drops 0.01 and takes 0.04");

        // σ²₁₀ = mean of r² before day 10; σ²₁₁ = 0.94σ²₁₀ + 0.06·r²₁₀
        double start = returns[..10].Sum(r => r * r) / 10;
        var ewma = RiskForecasters.Ewma(returns, from: 10, p: 0.05);
        Assert.AreEqual(Math.Sqrt(start), ewma.Volatility[0], 1e-15);
        Assert.AreEqual(Math.Sqrt((0.94 * start) + (0.06 * 0.04 * 0.04)), ewma.Volatility[1], 1e-15);
        Assert.AreEqual(-1.6448536269514722 * ewma.Volatility[0], ewma.ValueAtRisk[0], 1e-12);
        Assert.AreEqual(-0.10313564037537139 / 0.05 * ewma.Volatility[0], ewma.ExpectedShortfall[0], 1e-12, "−φ(Φ⁻¹(0.05)) ÷ 0.05 · σ");
    }

    [TestMethod]
    public void GarchForecasts_OfGarchData_PassTheCoverageTests_AndHistoricalSimulationClusters()
    {
        var model = GarchModel.FromParameters(Truth);
        var returns = model.Simulate(8000, seed: 5);
        const int from = 1000;
        double[] test = returns[from..];
        var garch = RiskForecasters.Garch(model, returns, from, 0.01);
        var hits = VarBacktests.Exceedances(test, garch.ValueAtRisk);
        Assert.IsGreaterThan(0.05, VarBacktests.Kupiec(hits, 0.01).PValue, $"{hits.Count(h => h)} exceedances in {hits.Length} days");
        Assert.IsGreaterThan(0.05, VarBacktests.ChristoffersenConditionalCoverage(hits, 0.01).PValue);
        Assert.IsGreaterThan(0.05, VarBacktests.DynamicQuantile(test, garch.ValueAtRisk, 0.01).PValue);

        // historical simulation reacts slowly to volatility: worse FZ0 and a dynamic-quantile rejection on the same days
        var hs = RiskForecasters.HistoricalSimulation(returns, from, 0.01);
        Assert.IsLessThan(0.05, VarBacktests.DynamicQuantile(test, hs.ValueAtRisk, 0.01).PValue);
        var garchLoss = ForecastLosses.Fz0(test, garch.ValueAtRisk, garch.ExpectedShortfall, 0.01);
        var hsLoss = ForecastLosses.Fz0(test, hs.ValueAtRisk, hs.ExpectedShortfall, 0.01);
        var dm = ForecastLosses.DieboldMariano(garchLoss, hsLoss);
        Assert.IsLessThan(0, dm.Statistic, "the true model's FZ0 loss is lower");
    }

    [TestMethod]
    public void DeskForecasts_RefittedGarch_AgreesWithTheFixedFitOnItsFirstBlock_AndEveryForecasterIsBacktestedOnTheSameDays()
    {
        var returns = GarchModel.FromParameters(Truth).Simulate(2600, seed: 7);
        var fixedFit = RiskForecasters.DeskForecasts(returns, 2000, 0.025, refitEvery: 0, window: 500);
        var refitted = RiskForecasters.DeskForecasts(returns, 2000, 0.025, refitEvery: 250, window: 500);
        CollectionAssert.AreEqual(fixedFit[0].ValueAtRisk[..250], refitted[0].ValueAtRisk[..250], "the first block: the same fit on days 1–2,000");
        CollectionAssert.AreNotEqual(fixedFit[0].ValueAtRisk[250..], refitted[0].ValueAtRisk[250..], "later blocks: refitted on more days");

        var backtests = RiskBacktest.Run(returns, refitted);
        Assert.HasCount(4, backtests);
        Assert.IsTrue(backtests.All(b => b.Days == 600 && b.Level == 0.975));
        Assert.IsNull(backtests[0].AgainstReference);
        Assert.IsTrue(backtests.Skip(1).All(b => b.AgainstReference is not null));
        Assert.AreEqual(VarBacktests.Exceedances(returns[2000..], refitted[2].ValueAtRisk).Count(h => h), backtests[2].Exceedances);
        Assert.ThrowsExactly<ArgumentException>(() => RiskBacktest.Run(returns, [fixedFit[0], RiskForecasters.Ewma(returns, 1999, 0.025)]), "different days");
    }
}
