using MLNet.Gan.Backtesting;

namespace MLNet.Gan.Tests.Backtesting;

/// <summary>
/// Every statistic against a value computed by hand from its paper's formula (the arithmetic in the
/// comments), and every p-value against a closed form that does not use the library's distributions:
/// P(χ²(1) ≥ x) = erfc(√(x/2)) (our own erfc, not MathNet's), P(χ²(2) ≥ x) = e^(−x/2), and Student t(2)'s
/// CDF ½ + t ÷ (2√(2 + t²)).
/// </summary>
[TestClass]
public sealed class VarBacktestTests
{
    private static double Erfc(double x) => global::MLNet.Gan.Compute.SpecialFunctions.Erfc(x);

    [TestMethod]
    public void Kupiec_FiveExceedancesIn250Days_At1Percent()
    {
        // LR = −2[(245 ln 0.99 + 5 ln 0.01) − (245 ln 0.98 + 5 ln 0.02)] = −2[−25.488184 + 24.509779] = 1.956810
        bool[] hits = [.. Enumerable.Range(0, 250).Select(t => t % 50 == 7)];
        var kupiec = VarBacktests.Kupiec(hits, 0.01);
        Assert.AreEqual(1.956809788230622, kupiec.Statistic, 1e-12);
        Assert.AreEqual(0.16185491719604272, kupiec.PValue, 1e-9);
        Assert.AreEqual(Erfc(Math.Sqrt(kupiec.Statistic / 2)), kupiec.PValue, 1e-9);
        StringAssert.Contains(kupiec.Source, "Kupiec (1995)");

        // no exceedance at all: 0 · ln 0 = 0, LR = −2 · 250 ln 0.99 = 5.025
        Assert.AreEqual(-2 * 250 * Math.Log(0.99), VarBacktests.Kupiec(new bool[250], 0.01).Statistic, 1e-12);
    }

    [TestMethod]
    public void Christoffersen_ClusteredExceedances_RejectIndependence()
    {
        // T T T F F F F F F F: n11 = 2, n10 = 1, n00 = 6, n01 = 0; π = 2/9, π01 = 0, π11 = 2/3
        // ln L(π) = 7 ln(7/9) + 2 ln(2/9) = −4.767356; ln L(π01, π11) = ln(1/3) + 2 ln(2/3) = −1.909543
        // LR_ind = −2(−4.767356 + 1.909543) = 5.715627
        bool[] hits = [true, true, true, false, false, false, false, false, false, false];
        var independence = VarBacktests.ChristoffersenIndependence(hits);
        Assert.AreEqual(5.715626573268904, independence.Statistic, 1e-12);
        Assert.AreEqual(Erfc(Math.Sqrt(independence.Statistic / 2)), independence.PValue, 1e-9);
        Assert.AreEqual(0.016814562540452677, independence.PValue, 1e-9);

        // at p = 0.1: LR_pof = −2[(7 ln 0.9 + 3 ln 0.1) − (7 ln 0.7 + 3 ln 0.3)] = 3.073272; LR_cc = 8.788898, P = e^(−LR/2)
        var coverage = VarBacktests.ChristoffersenConditionalCoverage(hits, 0.1);
        Assert.AreEqual(8.788898309344873, coverage.Statistic, 1e-12);
        Assert.AreEqual(Math.Exp(-coverage.Statistic / 2), coverage.PValue, 1e-9);
        Assert.AreEqual(2, coverage.DegreesOfFreedom);

        // the same exceedances spread out are independent: π01 = π11 = π gives LR_ind = 0
        Assert.AreEqual(0, VarBacktests.ChristoffersenIndependence([false, false, true, true, false, false, false, true, false, false]).Statistic, 1e-12);
    }

    [TestMethod]
    public void TrafficLight_FollowsTheBaselTable_AndCountsEveryWindow()
    {
        // the Basel Committee's table for 250 days at 99 %: 0–4 green, 5–9 yellow, 10 or more red
        Assert.AreEqual(TrafficLightZone.Green, VarBacktests.Zone(4, 250, 0.01));
        Assert.AreEqual(TrafficLightZone.Yellow, VarBacktests.Zone(5, 250, 0.01));
        Assert.AreEqual(TrafficLightZone.Yellow, VarBacktests.Zone(9, 250, 0.01));
        Assert.AreEqual(TrafficLightZone.Red, VarBacktests.Zone(10, 250, 0.01));

        // 5,055 days (the S&P 500's days 12,001–17,055): green up to 61, red from 79
        Assert.AreEqual(TrafficLightZone.Green, VarBacktests.Zone(61, 5055, 0.01));
        Assert.AreEqual(TrafficLightZone.Yellow, VarBacktests.Zone(62, 5055, 0.01));
        Assert.AreEqual(TrafficLightZone.Yellow, VarBacktests.Zone(78, 5055, 0.01));
        Assert.AreEqual(TrafficLightZone.Red, VarBacktests.Zone(79, 5055, 0.01));

        // 300 days, exceedances on days 1–5: the window of days 1–250 holds 5 (yellow), the 50 later ones at most 4
        var light = VarBacktests.BaselTrafficLight([.. Enumerable.Range(0, 300).Select(t => t < 5)], 0.01);
        Assert.AreEqual(new TrafficLight(250, 50, 1, 0, TrafficLightZone.Green), light);
    }

    [TestMethod]
    public void PinballAndFz0_Losses_FollowTheirFormulas()
    {
        // (p − 1{r < v})(r − v): (0.01 − 1)(−0.03 + 0.02) = 0.0099; 0.01 · (0.01 + 0.02) = 0.0003
        CollectionAssert.AreEqual(new[] { 0.0099, 0.0003 }, ForecastLosses.Pinball([-0.03, 0.01], [-0.02, -0.02], 0.01).Select(v => Math.Round(v, 12)).ToArray());

        // v = −0.02, e = −0.025, p = 0.025; an exceedance r = −0.03: −(v − r) ÷ (p·e) = 16, v ÷ e = 0.8, ln 0.025 = −3.688879
        var fz0 = ForecastLosses.Fz0([-0.03, 0.01], [-0.02, -0.02], [-0.025, -0.025], 0.025);
        Assert.AreEqual(12.111120545886065, fz0[0], 1e-12);
        Assert.AreEqual(-3.888879454113936, fz0[1], 1e-12);
        Assert.ThrowsExactly<ArgumentException>(() => ForecastLosses.Fz0([0.0], [-0.02], [-0.01], 0.025), "ES above VaR");
    }

    [TestMethod]
    public void Fz0_IsLowestAtTheTrueValueAtRiskAndExpectedShortfall()
    {
        // returns: the standard normal's quantiles at 20,000 evenly spaced levels; at p = 0.025 the true VaR is
        // −1.959964 and the true ES −φ(1.959964) ÷ 0.025 = −2.337803
        var normal = new MathNet.Numerics.Distributions.Normal();
        double[] returns = [.. Enumerable.Range(0, 20_000).Select(i => normal.InverseCumulativeDistribution((i + 0.5) / 20_000))];
        double Score(double v, double e) => ForecastLosses.Fz0(returns, [.. returns.Select(_ => v)], [.. returns.Select(_ => e)], 0.025).Average();
        double truth = Score(-1.959964, -2.337803);
        foreach (var (v, e) in new[] { (-1.8, -2.337803), (-2.1, -2.337803), (-1.959964, -2.1), (-1.959964, -2.6), (-1.8, -2.2) })
        {
            Assert.IsGreaterThan(truth, Score(v, e), $"VaR {v}, ES {e}");
        }
    }

    [TestMethod]
    public void DieboldMariano_WithTheSmallSampleCorrection()
    {
        // d = 1, 2, 3: d̄ = 2, γ0 = 2/3, DM = 2 ÷ √(2/9) = 4.242641; × √((3 + 1 − 2) ÷ 3) = 2√3 = 3.464102;
        // t(2): P(|T| ≥ t) = 2(1 − ½ − t ÷ (2√(2 + t²))) = 0.074180
        var dm = ForecastLosses.DieboldMariano([1.0, 2, 3], [0.0, 0, 0]);
        Assert.AreEqual(2 * Math.Sqrt(3), dm.Statistic, 1e-12);
        Assert.AreEqual(0.07417990022744858, dm.PValue, 1e-9);
        Assert.AreEqual(2, dm.DegreesOfFreedom);
        Assert.AreEqual(-dm.Statistic, ForecastLosses.DieboldMariano([0.0, 0, 0], [1.0, 2, 3]).Statistic, 1e-12, "A's lower losses give a negative statistic");
    }

    [TestMethod]
    public void DynamicQuantile_EqualsTheRegressionsExplainedSumOfSquares()
    {
        // without lags the regressors are a constant and the forecast: the fitted values' sum of squares is
        // n·h̄² + S_qh² ÷ S_qq (simple regression), computed here without the test's SVD
        var rng = new Random(3);
        int n = 400;
        double[] var = [.. Enumerable.Range(0, n).Select(_ => -0.02 - (0.01 * rng.NextDouble()))];
        double[] returns = [.. var.Select(v => v + (v < -0.027 ? -0.001 : 0.01) * (rng.NextDouble() < 0.2 ? 1 : -1))];
        double p = 0.05;
        double[] h = [.. returns.Select((r, t) => (r < var[t] ? 1.0 : 0.0) - p)];
        double hMean = h.Average(), qMean = var.Average();
        double sqh = h.Select((v, t) => (v - hMean) * (var[t] - qMean)).Sum(), sqq = var.Sum(q => (q - qMean) * (q - qMean));
        double expected = ((n * hMean * hMean) + (sqh * sqh / sqq)) / (p * (1 - p));
        var dq = VarBacktests.DynamicQuantile(returns, var, p, lags: 0);
        Assert.AreEqual(expected, dq.Statistic, 1e-9 * expected);
        Assert.AreEqual(2, dq.DegreesOfFreedom);
        Assert.AreEqual(Math.Exp(-dq.Statistic / 2), dq.PValue, 1e-9);

        // with lags and no exceedance at all the lagged hits are constant: the rank, not the column count, sets the degrees of freedom
        var none = VarBacktests.DynamicQuantile([.. var.Select(v => v + 1)], var, p);
        Assert.AreEqual(2, none.DegreesOfFreedom);
    }

    [TestMethod]
    public void BadInput_IsRefusedClearly()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VarBacktests.Kupiec([true], 1.0));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => VarBacktests.Exceedances([0.0, 1], [0.0])).Message, "2 returns but 1 forecasts");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => VarBacktests.BaselTrafficLight(new bool[100], 0.01)).Message, "250 days");
    }
}
