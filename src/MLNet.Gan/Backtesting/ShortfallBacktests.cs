using MathNet.Numerics.Distributions;

namespace MLNet.Gan.Backtesting;

/// <summary>
/// Backtests of expected-shortfall forecasts. Value-at-risk tests count exceedances; these also weigh
/// how deep the losses beyond the value-at-risk went. Forecasts follow <see cref="VarBacktests"/>'s
/// signs: at tail probability p the value-at-risk v and the expected shortfall e ≤ v are returns.
/// </summary>
public static class ShortfallBacktests
{
    /// <summary>Acerbi and Székely 2014.</summary>
    public const string AcerbiSzekelySource = "Acerbi & Székely (2014), Backtesting expected shortfall, Risk 27(11): Z2 = 1 − Σ rₜ·Iₜ ÷ (T·p·ESₜ) (their Z2 = Σ XₜIₜ ÷ (T·α·ESₜ) + 1 with ES as a positive loss), 0 when the ES is right, negative when the losses beyond the VaR were deeper; no closed-form p-value, their simulated thresholds are −0.70 (5 %) and −1.8 (0.01 %) for 250 days";

    /// <summary>Du and Escanciano 2017.</summary>
    public const string DuEscancianoSource = "Du & Escanciano (2017), Backtesting expected shortfall: accounting for tail risk, Management Science 63(4): cumulative violations Hₜ = (p − uₜ)·1(uₜ ≤ p) ÷ p of the forecast probabilities uₜ = Fₜ(rₜ); unconditional U = √n (H̄ − p/2) ÷ √(p(1/3 − p/4)) against N(0, 1), conditional C = n Σⱼ ρ̂ⱼ² of Hₜ's autocorrelations against χ²(lags)";

    /// <summary>
    /// Acerbi and Székely's Z2 statistic: 1 − (1 ÷ (T·p)) Σₜ rₜ·1(rₜ &lt; vₜ) ÷ eₜ. Its p-value depends on
    /// the forecast distributions and is not computed (NaN); the paper's thresholds are in the source.
    /// </summary>
    public static BacktestResult AcerbiSzekely(IReadOnlyList<double> returns, IReadOnlyList<double> valueAtRisk, IReadOnlyList<double> expectedShortfall, double p)
    {
        VarBacktests.CheckTail(p);
        VarBacktests.CheckLengths(returns, valueAtRisk, nameof(valueAtRisk));
        VarBacktests.CheckLengths(returns, expectedShortfall, nameof(expectedShortfall));
        double sum = 0;
        for (int t = 0; t < returns.Count; t++)
        {
            if (returns[t] < valueAtRisk[t])
            {
                sum += returns[t] / expectedShortfall[t];
            }
        }

        return new BacktestResult("Acerbi-Szekely Z2", 1 - (sum / (returns.Count * p)), double.NaN, 0, AcerbiSzekelySource);
    }

    /// <summary>Du and Escanciano's cumulative violations Hₜ = (p − uₜ)·1(uₜ ≤ p) ÷ p of the probabilities uₜ = Fₜ(rₜ) the forecasts gave the realized returns.</summary>
    public static double[] CumulativeViolations(IReadOnlyList<double> probabilities, double p)
    {
        VarBacktests.CheckTail(p);
        var h = new double[probabilities.Count];
        for (int t = 0; t < h.Length; t++)
        {
            double u = probabilities[t];
            if (!(u is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(probabilities), u, $"Forecast probability {t} must lie in [0, 1].");
            }

            h[t] = u <= p ? (p - u) / p : 0;
        }

        return h;
    }

    /// <summary>
    /// Du and Escanciano's unconditional ES backtest: under a right forecast the Hₜ are i.i.d. U(0, 1) scaled
    /// into [0, 1] on a p share of days, with mean p/2 and variance p(1/3 − p/4); two-sided normal p-value.
    /// </summary>
    public static BacktestResult DuEscancianoUnconditional(IReadOnlyList<double> probabilities, double p)
    {
        var h = CumulativeViolations(probabilities, p);
        double statistic = Math.Sqrt(h.Length) * (h.Average() - (p / 2)) / Math.Sqrt(p * ((1.0 / 3) - (p / 4)));
        return new BacktestResult("Du-Escanciano unconditional", statistic, 2 * Normal.CDF(0, 1, -Math.Abs(statistic)), 0, DuEscancianoSource);
    }

    /// <summary>Du and Escanciano's conditional ES backtest: a Box-Pierce statistic of Hₜ − p/2 at lags 1 … <paramref name="lags"/>, against χ²(lags).</summary>
    public static BacktestResult DuEscancianoConditional(IReadOnlyList<double> probabilities, double p, int lags = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lags, 1);
        var h = CumulativeViolations(probabilities, p);
        int n = h.Length;
        if (n <= lags)
        {
            throw new ArgumentException($"The conditional test at {lags} lags needs more than {lags} days (got {n}).", nameof(probabilities));
        }

        double gamma0 = 0;
        foreach (double v in h)
        {
            gamma0 += (v - (p / 2)) * (v - (p / 2)) / n;
        }

        double statistic = 0;
        for (int j = 1; j <= lags; j++)
        {
            double gamma = 0;
            for (int t = j; t < n; t++)
            {
                gamma += (h[t] - (p / 2)) * (h[t - j] - (p / 2)) / (n - j);
            }

            double rho = gamma0 > 0 ? gamma / gamma0 : 0;
            statistic += n * rho * rho;
        }

        return new BacktestResult("Du-Escanciano conditional", statistic, 1 - ChiSquared.CDF(lags, statistic), lags, DuEscancianoSource);
    }
}
