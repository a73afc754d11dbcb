using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MLNet.Gan.Backtesting;

/// <summary>A backtest's statistic and p-value, with where its formula comes from.</summary>
/// <param name="Name">The test.</param>
/// <param name="Statistic">The test statistic.</param>
/// <param name="PValue">Its p-value under the null hypothesis (a correct forecast); small values reject it.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom of the reference distribution.</param>
/// <param name="Source">The paper that defines the statistic.</param>
public sealed record BacktestResult(string Name, double Statistic, double PValue, int DegreesOfFreedom, string Source);

/// <summary>The Basel Committee's zones for a count of exceptions.</summary>
public enum TrafficLightZone
{
    /// <summary>Cumulative binomial probability of the count below 95 %.</summary>
    Green,

    /// <summary>From 95 % to below 99.99 %.</summary>
    Yellow,

    /// <summary>99.99 % or more.</summary>
    Red,
}

/// <summary>The traffic light over every window of a backtest, and over the whole period.</summary>
/// <param name="Window">Days per window (250: one trading year, as the Basel framework counts).</param>
/// <param name="Green">Windows in the green zone.</param>
/// <param name="Yellow">Windows in the yellow zone.</param>
/// <param name="Red">Windows in the red zone.</param>
/// <param name="Whole">The zone of the whole period's count.</param>
public sealed record TrafficLight(int Window, int Green, int Yellow, int Red, TrafficLightZone Whole);

/// <summary>
/// The backtests a risk desk runs on one-day-ahead value-at-risk forecasts. Forecasts are lower-tail
/// return quantiles: the value-at-risk at level 99 % is the return q with P(r &lt; q) = 1 % (a negative
/// number for a loss), and day t is an exceedance (a "hit") when its return lies below q. Every test
/// takes the tail probability p = 1 − level.
/// </summary>
public static class VarBacktests
{
    /// <summary>Kupiec 1995.</summary>
    public const string KupiecSource = "Kupiec (1995), Techniques for verifying the accuracy of risk measurement models, Journal of Derivatives 3(2): proportion of failures, likelihood ratio, χ²(1)";

    /// <summary>Christoffersen 1998.</summary>
    public const string ChristoffersenSource = "Christoffersen (1998), Evaluating interval forecasts, International Economic Review 39(4): first-order Markov likelihood ratios";

    /// <summary>The Basel Committee 1996.</summary>
    public const string TrafficLightSource = "Basel Committee on Banking Supervision (1996), Supervisory framework for the use of backtesting in conjunction with the internal models approach to market risk capital requirements: zones by the cumulative binomial probability (green < 95 %, red ≥ 99.99 %)";

    /// <summary>Engle and Manganelli 2004.</summary>
    public const string DynamicQuantileSource = "Engle & Manganelli (2004), CAViaR: conditional autoregressive value at risk by regression quantiles, Journal of Business & Economic Statistics 22(4): the out-of-sample dynamic quantile test, χ²(rank of the regressors)";

    /// <summary>The days whose return lies below the forecast quantile.</summary>
    public static bool[] Exceedances(IReadOnlyList<double> returns, IReadOnlyList<double> valueAtRisk)
    {
        CheckLengths(returns, valueAtRisk, nameof(valueAtRisk));
        var hits = new bool[returns.Count];
        for (int t = 0; t < hits.Length; t++)
        {
            hits[t] = returns[t] < valueAtRisk[t];
        }

        return hits;
    }

    /// <summary>
    /// Kupiec's proportion-of-failures test: LR = −2 ln[(1 − p)^(n − x) p^x] + 2 ln[(1 − π̂)^(n − x) π̂^x]
    /// with x exceedances in n days and π̂ = x ÷ n, against χ²(1).
    /// </summary>
    public static BacktestResult Kupiec(IReadOnlyList<bool> hits, double p)
    {
        CheckTail(p);
        int n = hits.Count, x = hits.Count(h => h);
        CheckDays(n, 1);
        double rate = x / (double)n;
        double statistic = -2 * (BernoulliLogLikelihood(n - x, x, p) - BernoulliLogLikelihood(n - x, x, rate));
        return new BacktestResult("Kupiec proportion of failures", statistic, ChiSquaredTail(statistic, 1), 1, KupiecSource);
    }

    /// <summary>
    /// Christoffersen's independence test: whether an exceedance today makes one tomorrow more likely.
    /// With n_ij the days in state j after a day in state i (1: exceedance), π₀₁ = n₀₁ ÷ (n₀₀ + n₀₁),
    /// π₁₁ = n₁₁ ÷ (n₁₀ + n₁₁) and π = (n₀₁ + n₁₁) ÷ (n − 1): LR = −2 ln L(π) + 2 ln L(π₀₁, π₁₁), against χ²(1).
    /// </summary>
    public static BacktestResult ChristoffersenIndependence(IReadOnlyList<bool> hits)
    {
        CheckDays(hits.Count, 2);
        int n00 = 0, n01 = 0, n10 = 0, n11 = 0;
        for (int t = 1; t < hits.Count; t++)
        {
            switch ((hits[t - 1], hits[t]))
            {
                case (false, false): n00++; break;
                case (false, true): n01++; break;
                case (true, false): n10++; break;
                default: n11++; break;
            }
        }

        double pi = (n01 + n11) / (double)(n00 + n01 + n10 + n11);
        double pi01 = n00 + n01 == 0 ? 0 : n01 / (double)(n00 + n01);
        double pi11 = n10 + n11 == 0 ? 0 : n11 / (double)(n10 + n11);
        double restricted = BernoulliLogLikelihood(n00 + n10, n01 + n11, pi);
        double markov = BernoulliLogLikelihood(n00, n01, pi01) + BernoulliLogLikelihood(n10, n11, pi11);
        double statistic = Math.Max(0, -2 * (restricted - markov));
        return new BacktestResult("Christoffersen independence", statistic, ChiSquaredTail(statistic, 1), 1, ChristoffersenSource);
    }

    /// <summary>Christoffersen's conditional coverage: Kupiec's and the independence statistics summed, against χ²(2).</summary>
    public static BacktestResult ChristoffersenConditionalCoverage(IReadOnlyList<bool> hits, double p)
    {
        double statistic = Kupiec(hits, p).Statistic + ChristoffersenIndependence(hits).Statistic;
        return new BacktestResult("Christoffersen conditional coverage", statistic, ChiSquaredTail(statistic, 2), 2, ChristoffersenSource);
    }

    /// <summary>The zone of <paramref name="exceptions"/> in <paramref name="days"/> at tail probability <paramref name="p"/>, by the cumulative binomial probability P(X ≤ exceptions).</summary>
    public static TrafficLightZone Zone(int exceptions, int days, double p)
    {
        CheckTail(p);
        double cumulative = Binomial.CDF(p, days, exceptions);
        return cumulative < 0.95 ? TrafficLightZone.Green : cumulative < 0.9999 ? TrafficLightZone.Yellow : TrafficLightZone.Red;
    }

    /// <summary>The zones of every <paramref name="window"/>-day window (each day starts one) and of the whole period.</summary>
    public static TrafficLight BaselTrafficLight(IReadOnlyList<bool> hits, double p, int window = 250)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (hits.Count < window)
        {
            throw new ArgumentException($"The traffic light needs at least one window of {window} days; the backtest has {hits.Count}.", nameof(hits));
        }

        int green = 0, yellow = 0, red = 0, count = 0;
        for (int t = 0; t < hits.Count; t++)
        {
            count += hits[t] ? 1 : 0;
            if (t >= window)
            {
                count -= hits[t - window] ? 1 : 0;
            }

            if (t >= window - 1)
            {
                switch (Zone(count, window, p))
                {
                    case TrafficLightZone.Green: green++; break;
                    case TrafficLightZone.Yellow: yellow++; break;
                    default: red++; break;
                }
            }
        }

        return new TrafficLight(window, green, yellow, red, Zone(hits.Count(h => h), hits.Count, p));
    }

    /// <summary>
    /// Engle and Manganelli's out-of-sample dynamic quantile test: the centred hits Hₜ = 1{rₜ &lt; qₜ} − p
    /// regressed on a constant, <paramref name="lags"/> lagged hits and the forecast qₜ;
    /// DQ = Ĥ′Ĥ ÷ (p(1 − p)), Ĥ the fitted values (H′X(X′X)⁻¹X′H), against χ² with as many degrees of
    /// freedom as the regressors' rank (a pseudo-inverse keeps it defined when a regressor is constant).
    /// </summary>
    public static BacktestResult DynamicQuantile(IReadOnlyList<double> returns, IReadOnlyList<double> valueAtRisk, double p, int lags = 4)
    {
        CheckTail(p);
        ArgumentOutOfRangeException.ThrowIfNegative(lags);
        var hits = Exceedances(returns, valueAtRisk);
        int rows = hits.Length - lags, columns = lags + 2;
        CheckDays(rows, columns + 1);
        var x = Matrix<double>.Build.Dense(rows, columns);
        var h = Vector<double>.Build.Dense(rows);
        for (int i = 0; i < rows; i++)
        {
            int t = i + lags;
            h[i] = (hits[t] ? 1 : 0) - p;
            x[i, 0] = 1;
            for (int k = 1; k <= lags; k++)
            {
                x[i, k] = (hits[t - k] ? 1 : 0) - p;
            }

            x[i, lags + 1] = valueAtRisk[t];
        }

        // the fitted values are the projection of h onto the columns of X: ‖U_r′h‖² with U_r the left singular vectors of the rank
        var svd = x.Svd(computeVectors: true);
        double largest = svd.S[0], explained = 0;
        int rank = 0;
        for (int k = 0; k < svd.S.Count; k++)
        {
            if (svd.S[k] > largest * 1e-10)
            {
                double component = svd.U.Column(k).DotProduct(h);
                explained += component * component;
                rank++;
            }
        }

        double statistic = explained / (p * (1 - p));
        return new BacktestResult("Engle-Manganelli dynamic quantile", statistic, ChiSquaredTail(statistic, rank), rank, DynamicQuantileSource);
    }

    /// <summary>P(χ²(k) ≥ <paramref name="statistic"/>).</summary>
    internal static double ChiSquaredTail(double statistic, int degreesOfFreedom) => 1 - ChiSquared.CDF(degreesOfFreedom, Math.Max(0, statistic));

    /// <summary>(n − x) ln(1 − π) + x ln π, with 0 · ln 0 = 0.</summary>
    private static double BernoulliLogLikelihood(int misses, int hits, double pi)
        => (misses == 0 ? 0 : misses * Math.Log(1 - pi)) + (hits == 0 ? 0 : hits * Math.Log(pi));

    internal static void CheckTail(double p)
    {
        if (!(p is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The tail probability p = 1 − level must lie in (0, 1).");
        }
    }

    internal static void CheckLengths<T>(IReadOnlyList<double> returns, IReadOnlyList<T> forecasts, string name)
    {
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentNullException.ThrowIfNull(forecasts);
        if (returns.Count != forecasts.Count)
        {
            throw new ArgumentException($"One forecast per day: {returns.Count} returns but {forecasts.Count} forecasts.", name);
        }
    }

    private static void CheckDays(int days, int least)
    {
        if (days < least)
        {
            throw new ArgumentException($"The backtest needs at least {least} days; it has {days}.");
        }
    }
}
