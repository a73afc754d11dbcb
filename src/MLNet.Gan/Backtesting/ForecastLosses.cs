using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace MLNet.Gan.Backtesting;

/// <summary>
/// Scoring rules for risk forecasts, day by day (lower is better), and the test of whether two
/// forecasters' scores differ. Forecasts are lower-tail return quantiles and expected returns below
/// them (see <see cref="VarBacktests"/>): at tail probability p, the value-at-risk v &lt; 0 and the
/// expected shortfall e ≤ v.
/// </summary>
public static class ForecastLosses
{
    /// <summary>Koenker and Bassett 1978.</summary>
    public const string PinballSource = "Koenker & Bassett (1978), Regression quantiles, Econometrica 46(1): the quantile (pinball) loss, consistent for the p-quantile";

    /// <summary>Patton, Ziegel and Chen 2019.</summary>
    public const string Fz0Source = "Patton, Ziegel & Chen (2019), Dynamic semiparametric models for expected shortfall (and Value-at-Risk), Journal of Econometrics 211(2): the FZ0 loss, the zero-degree-homogeneous member of Fissler & Ziegel's (2016) class, jointly consistent for (VaR, ES)";

    /// <summary>Whether FZ0 is defined for these forecasts: every expected shortfall below 0 and at most its value-at-risk.</summary>
    public static bool Fz0Defined(IReadOnlyList<double> valueAtRisk, IReadOnlyList<double> expectedShortfall)
        => valueAtRisk.Count == expectedShortfall.Count && Enumerable.Range(0, valueAtRisk.Count).All(t => expectedShortfall[t] < 0 && expectedShortfall[t] <= valueAtRisk[t]);

    /// <summary>Diebold and Mariano 1995, Harvey, Leybourne and Newbold 1997.</summary>
    public const string DieboldMarianoSource = "Diebold & Mariano (1995), Comparing predictive accuracy, Journal of Business & Economic Statistics 13(3), with the small-sample correction and Student t(T − 1) reference of Harvey, Leybourne & Newbold (1997), International Journal of Forecasting 13(2); one-step forecasts, so no autocovariance terms";

    /// <summary>The quantile loss of each day: (p − 1{r &lt; v})(r − v).</summary>
    public static double[] Pinball(IReadOnlyList<double> returns, IReadOnlyList<double> valueAtRisk, double p)
    {
        VarBacktests.CheckTail(p);
        VarBacktests.CheckLengths(returns, valueAtRisk, nameof(valueAtRisk));
        var loss = new double[returns.Count];
        for (int t = 0; t < loss.Length; t++)
        {
            double hit = returns[t] < valueAtRisk[t] ? 1 : 0;
            loss[t] = (p - hit) * (returns[t] - valueAtRisk[t]);
        }

        return loss;
    }

    /// <summary>
    /// The FZ0 loss of each day: −1{r ≤ v}(v − r) ÷ (p·e) + v ÷ e + ln(−e) − 1, defined for e &lt; 0
    /// (a forecast with e ≥ 0 or e &gt; v is refused: no loss of the class scores it).
    /// </summary>
    public static double[] Fz0(IReadOnlyList<double> returns, IReadOnlyList<double> valueAtRisk, IReadOnlyList<double> expectedShortfall, double p)
    {
        VarBacktests.CheckTail(p);
        VarBacktests.CheckLengths(returns, valueAtRisk, nameof(valueAtRisk));
        VarBacktests.CheckLengths(returns, expectedShortfall, nameof(expectedShortfall));
        var loss = new double[returns.Count];
        for (int t = 0; t < loss.Length; t++)
        {
            double r = returns[t], v = valueAtRisk[t], e = expectedShortfall[t];
            if (!(e < 0) || e > v)
            {
                throw new ArgumentException($"Day {t + 1}: the FZ0 loss needs an expected shortfall below 0 and at most the value-at-risk (got VaR {v}, ES {e}).", nameof(expectedShortfall));
            }

            double hit = r <= v ? 1 : 0;
            loss[t] = (-hit * (v - r) / (p * e)) + (v / e) + Math.Log(-e) - 1;
        }

        return loss;
    }

    /// <summary>
    /// Whether forecaster A's losses differ from B's on the same days: dₜ = Aₜ − Bₜ,
    /// DM = d̄ ÷ √(γ₀ ÷ T) with γ₀ = Σ(dₜ − d̄)² ÷ T, times the correction √((T − 1) ÷ T) for one-step
    /// forecasts, against Student t(T − 1), two-sided. A negative statistic means A's losses are lower.
    /// </summary>
    public static BacktestResult DieboldMariano(IReadOnlyList<double> lossA, IReadOnlyList<double> lossB)
    {
        VarBacktests.CheckLengths(lossA, lossB, nameof(lossB));
        int n = lossA.Count;
        if (n < 3)
        {
            throw new ArgumentException($"Diebold-Mariano needs at least 3 days; it has {n}.", nameof(lossA));
        }

        var differences = new double[n];
        for (int t = 0; t < n; t++)
        {
            differences[t] = lossA[t] - lossB[t];
        }

        var (mean, variance) = (differences.Mean(), differences.PopulationVariance());
        const int horizon = 1;
        double correction = Math.Sqrt((n + 1 - (2 * horizon) + (horizon * (horizon - 1) / (double)n)) / n);
        double statistic = variance > 0 ? mean / Math.Sqrt(variance / n) * correction : mean == 0 ? 0 : Math.Sign(mean) * double.PositiveInfinity;
        double pValue = double.IsInfinity(statistic) ? 0 : 2 * (1 - StudentT.CDF(0, 1, n - 1, Math.Abs(statistic)));
        return new BacktestResult("Diebold-Mariano (Harvey-Leybourne-Newbold)", statistic, pValue, n - 1, DieboldMarianoSource);
    }
}
