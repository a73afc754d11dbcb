using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Backtesting;

/// <summary>
/// One-day-ahead risk forecasts for the days <c>From</c> … n − 1 of a return series, each made from the
/// returns before its day only: the lower-tail return quantile (value-at-risk), the expected return
/// below it (expected shortfall) and the forecast volatility, at tail probability <c>P</c>.
/// </summary>
/// <param name="Name">The forecaster.</param>
/// <param name="P">The tail probability (1 − level).</param>
/// <param name="From">The first forecast day (0-based, in the series).</param>
/// <param name="ValueAtRisk">The return quantile of each forecast day.</param>
/// <param name="ExpectedShortfall">The expected return below it.</param>
/// <param name="Volatility">The forecast standard deviation (for historical simulation, that of its window).</param>
public sealed record RiskForecast(string Name, double P, int From, double[] ValueAtRisk, double[] ExpectedShortfall, double[] Volatility);

/// <summary>
/// The forecasters a risk desk puts beside a model: GARCH(1,1)-t, EWMA (RiskMetrics), historical
/// simulation and filtered historical simulation. Every one of them sees, for day t, the returns
/// before t and nothing after (GARCH's recursion starts from the variance of the days before
/// <c>from</c>, not of the whole series).
/// </summary>
public static class RiskForecasters
{
    /// <summary>
    /// GARCH(1,1)-t with fixed parameters: σₜ from the filter, VaR = μ + σₜ·s·q and ES = μ − σₜ·s·(g(q) ÷ p)·(ν + q²) ÷ (ν − 1),
    /// with q the p-quantile and g the density of Student t(ν), and s = √((ν − 2) ÷ ν) its scale to unit variance.
    /// </summary>
    public static RiskForecast Garch(GarchModel model, IReadOnlyList<double> returns, int from, double p)
    {
        var data = Check(returns, from, p, least: 1);
        var g = model.Parameters;
        var sigma = model.Filter(data, GarchModel.InitialVariance(data.AsSpan(0, from), g.Mu));
        var (quantile, shortfall) = StandardizedStudentTail(g.Nu, p);
        return Build("GARCH(1,1)-t", p, from, data.Length, t => (g.Mu + (sigma[t] * quantile), g.Mu + (sigma[t] * shortfall), sigma[t]));
    }

    /// <summary>
    /// RiskMetrics (J.P. Morgan 1996): σ²ₜ = λσ²ₜ₋₁ + (1 − λ)r²ₜ₋₁ from the mean square of the days before
    /// <paramref name="from"/>, zero mean, normal: VaR = σₜΦ⁻¹(p), ES = −σₜφ(Φ⁻¹(p)) ÷ p.
    /// </summary>
    public static RiskForecast Ewma(IReadOnlyList<double> returns, int from, double p, double lambda = 0.94)
    {
        var data = Check(returns, from, p, least: 1);
        if (!(lambda is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The EWMA decay λ must lie in (0, 1).");
        }

        double variance = 0;
        for (int t = 0; t < from; t++)
        {
            variance += data[t] * data[t] / from;
        }

        var sigma = new double[data.Length];
        for (int t = from; t < data.Length; t++)
        {
            sigma[t] = Math.Sqrt(variance);
            variance = (lambda * variance) + ((1 - lambda) * data[t] * data[t]);
        }

        double z = Normal.InvCDF(0, 1, p);
        double tail = -Normal.PDF(0, 1, z) / p;
        return Build($"EWMA (λ = {lambda:0.##})", p, from, data.Length, t => (sigma[t] * z, sigma[t] * tail, sigma[t]));
    }

    /// <summary>
    /// Historical simulation over the last <paramref name="window"/> days: the k-th smallest of them,
    /// k = ⌈p·window⌉, is the VaR and the mean of the k smallest the ES.
    /// </summary>
    public static RiskForecast HistoricalSimulation(IReadOnlyList<double> returns, int from, double p, int window = 1000)
    {
        var data = Check(returns, from, p, least: window);
        return Build($"historical simulation ({window:N0} days)", p, from, data.Length, t =>
        {
            var (v, e) = EmpiricalTail(data.AsSpan(t - window, window), p);
            return (v, e, new ArraySegment<double>(data, t - window, window).StandardDeviation());
        });
    }

    /// <summary>
    /// Filtered historical simulation (Barone-Adesi, Giannopoulos &amp; Vosper 1999): the GARCH filter's
    /// standardized residuals of the last <paramref name="window"/> days, their empirical tail (as
    /// <see cref="HistoricalSimulation"/>) scaled by tomorrow's σ: VaR = μ + σₜ·z₍ₖ₎, ES = μ + σₜ·mean of the k smallest z.
    /// </summary>
    public static RiskForecast FilteredHistoricalSimulation(GarchModel model, IReadOnlyList<double> returns, int from, double p, int window = 1000)
    {
        var data = Check(returns, from, p, least: window);
        var g = model.Parameters;
        var sigma = model.Filter(data, GarchModel.InitialVariance(data.AsSpan(0, from), g.Mu));
        var z = new double[data.Length];
        for (int t = 0; t < data.Length; t++)
        {
            z[t] = (data[t] - g.Mu) / sigma[t];
        }

        return Build($"filtered historical simulation ({window:N0} days)", p, from, data.Length, t =>
        {
            var (zv, ze) = EmpiricalTail(z.AsSpan(t - window, window), p);
            return (g.Mu + (sigma[t] * zv), g.Mu + (sigma[t] * ze), sigma[t]);
        });
    }

    /// <summary>The p-quantile and the mean below it of Student t(ν) scaled to unit variance.</summary>
    internal static (double Quantile, double Shortfall) StandardizedStudentTail(double nu, double p)
    {
        double q = StudentT.InvCDF(0, 1, nu, p);
        double scale = Math.Sqrt((nu - 2) / nu);
        double shortfall = -(StudentT.PDF(0, 1, nu, q) / p) * ((nu + (q * q)) / (nu - 1));
        return (q * scale, shortfall * scale);
    }

    /// <summary>The k-th smallest value, k = ⌈p·n⌉, and the mean of the k smallest.</summary>
    internal static (double ValueAtRisk, double ExpectedShortfall) EmpiricalTail(ReadOnlySpan<double> values, double p)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int k = Math.Max(1, (int)Math.Ceiling((p * sorted.Length) - 1e-9));
        double sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += sorted[i];
        }

        return (sorted[k - 1], sum / k);
    }

    private static RiskForecast Build(string name, double p, int from, int length, Func<int, (double VaR, double Es, double Sigma)> day)
    {
        int n = length - from;
        var (var, es, sigma) = (new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            (var[i], es[i], sigma[i]) = day(from + i);
        }

        return new RiskForecast(name, p, from, var, es, sigma);
    }

    private static double[] Check(IReadOnlyList<double> returns, int from, double p, int least)
    {
        ArgumentNullException.ThrowIfNull(returns);
        VarBacktests.CheckTail(p);
        if (from < least || from >= returns.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(from), from, $"The first forecast day must leave at least {least} day(s) of history before it and lie inside the {returns.Count} days.");
        }

        return [.. returns];
    }
}
