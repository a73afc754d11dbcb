using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using MLNet.Gan.Backtesting;

namespace MLNet.Gan.Sequences;

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
        double scale = Math.Sqrt((g.Nu - 2) / g.Nu);
        return Build("GARCH(1,1)-t", p, from, data.Length, t => (g.Mu + (sigma[t] * quantile), g.Mu + (sigma[t] * shortfall), sigma[t], StudentT.CDF(0, 1, g.Nu, (data[t] - g.Mu) / (sigma[t] * scale))));
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
        return Build($"EWMA (λ = {lambda:0.##})", p, from, data.Length, t => (sigma[t] * z, sigma[t] * tail, sigma[t], Normal.CDF(0, 1, data[t] / sigma[t])));
    }

    /// <summary>
    /// Historical simulation over the last <paramref name="window"/> days: the k-th smallest of them,
    /// k = ⌈p·window⌉, is the VaR and the mean of the k smallest the ES.
    /// </summary>
    public static RiskForecast HistoricalSimulation(IReadOnlyList<double> returns, int from, double p, int window = 1000)
    {
        var data = Check(returns, from, p, least: window);
        return WindowTail($"historical simulation ({window:N0} days)", p, from, data, window, (_, v) => v,
            t => new ArraySegment<double>(data, t - window, window).StandardDeviation());
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

        return WindowTail($"filtered historical simulation ({window:N0} days)", p, from, z, window, (t, zk) => g.Mu + (sigma[t] * zk), t => sigma[t]);
    }

    /// <summary>
    /// The sequence GAN (one asset, without fresh noise) filtered through the returns
    /// (<see cref="SeriesGanModel.Filter"/>): tomorrow's return is m + s·(μₜ + σₜ·W_δ(Z)) with Z standard
    /// normal, m and s the model's standardization and δ its left tail, so VaR = m + s·(μₜ + σₜ·W_δ(z_p))
    /// and ES = m + s·(μₜ − σₜ·exp(−(1 − δ)z_p²/2) ÷ ((1 − δ)·p·√(2π))) exactly, without simulation.
    /// The filter starts neutral on the first day of <paramref name="returns"/> and reads each day's
    /// return only after forecasting it.
    /// </summary>
    public static RiskForecast SeriesGan(SeriesGanModel model, IReadOnlyList<double> returns, int from, double p)
    {
        ArgumentNullException.ThrowIfNull(model);
        var data = Check(returns, from, p, least: 1);
        if (model.Assets.Count != 1)
        {
            throw new ArgumentException($"Risk forecasts take a one-asset sequence GAN; this one generates {model.Assets.Count} assets ({string.Join(", ", model.Assets)}). Fit one on the asset or on the portfolio's returns.", nameof(model));
        }

        var filtered = model.Filter(new ReturnSeries(model.Assets, [data]));
        var transform = model.Transforms[0];
        var (left, right) = model.Generator.Tails(0);
        var (quantile, shortfall) = SeriesFilter.InnovationTail(left, p);
        double deviation = SeriesFilter.InnovationDeviation(left, right);
        return Build("sequence GAN", p, from, data.Length, t =>
        {
            double mu = filtered.Drift[t], sigma = filtered.Volatility[t];
            // the day's forecast probability is Φ of its filtered shock (W_δ is increasing)
            return (transform.Mean + (transform.Scale * (mu + (sigma * quantile))), transform.Mean + (transform.Scale * (mu + (sigma * shortfall))), transform.Scale * sigma * deviation, Normal.CDF(0, 1, filtered.Shocks[t]));
        });
    }

    /// <summary>
    /// Filtered historical simulation on the sequence GAN's filter: the GAN's drift and volatility as in
    /// <see cref="SeriesGan"/>, but the innovation's tail taken from the filtered innovations (xₜ − μₜ) ÷ σₜ of the
    /// last <paramref name="window"/> days rather than from W_δ(Z): VaR = m + s·(μₜ + σₜ·e₍ₖ₎), ES = m + s·(μₜ + σₜ·mean
    /// of the k smallest e), as <see cref="FilteredHistoricalSimulation"/> does on GARCH's filter.
    /// </summary>
    public static RiskForecast SeriesGanFilteredHistorical(SeriesGanModel model, IReadOnlyList<double> returns, int from, double p, int window = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        var data = Check(returns, from, p, least: window);
        var filtered = model.Filter(new ReturnSeries(model.Assets, [data]));
        var transform = model.Transforms[0];
        var innovation = new double[data.Length];
        for (int t = 0; t < data.Length; t++)
        {
            double x = (data[t] - transform.Mean) / transform.Scale;
            innovation[t] = (x - filtered.Drift[t]) / filtered.Volatility[t];
        }

        return WindowTail($"sequence GAN, filtered historical simulation ({window:N0} days)", p, from, innovation, window,
            (t, e) => transform.Mean + (transform.Scale * (filtered.Drift[t] + (filtered.Volatility[t] * e))),
            t => transform.Scale * filtered.Volatility[t] * new ArraySegment<double>(innovation, t - window, window).StandardDeviation());
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
        return SortedTail(sorted, p);
    }

    /// <summary><see cref="EmpiricalTail"/> of values already sorted in increasing order.</summary>
    internal static (double ValueAtRisk, double ExpectedShortfall) SortedTail(ReadOnlySpan<double> sorted, double p)
    {
        int k = Math.Max(1, (int)Math.Ceiling((p * sorted.Length) - 1e-9));
        double sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += sorted[i];
        }

        return (sorted[k - 1], sum / k);
    }

    /// <summary>
    /// The forecasts of historical simulation and its filtered forms: on day t, the k-th smallest of the previous
    /// <paramref name="window"/> values of <paramref name="z"/> (k = ⌈p·window⌉) and the mean of the k smallest, each
    /// mapped to a return by <paramref name="toReturn"/>(t, ·); the forecast probability is the share of the window at
    /// most the day's own z.
    /// </summary>
    private static RiskForecast WindowTail(string name, double p, int from, double[] z, int window, Func<int, double, double> toReturn, Func<int, double> volatility)
        => Build(name, p, from, z.Length, t =>
        {
            var past = z.AsSpan(t - window, window);
            var (zv, ze) = EmpiricalTail(past, p);
            return (toReturn(t, zv), toReturn(t, ze), volatility(t), ShareAtMost(past, z[t]));
        });

    /// <summary>The share of <paramref name="window"/> at most <paramref name="value"/>: the empirical forecast probability of the day's return.</summary>
    private static double ShareAtMost(ReadOnlySpan<double> window, double value)
    {
        int count = 0;
        foreach (double v in window)
        {
            count += v <= value ? 1 : 0;
        }

        return count / (double)window.Length;
    }

    private static RiskForecast Build(string name, double p, int from, int length, Func<int, (double VaR, double Es, double Sigma, double Probability)> day)
    {
        int n = length - from;
        var (var, es, sigma, probability) = (new double[n], new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            (var[i], es[i], sigma[i], probability[i]) = day(from + i);
        }

        return new RiskForecast(name, p, from, var, es, sigma, probability);
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

    /// <summary>
    /// The desk's forecasters for the days <paramref name="from"/> … n − 1 at tail probability <paramref name="p"/>: GARCH(1,1)-t
    /// (the reference; fitted on the days before <paramref name="from"/>, or refitted on every day before it each
    /// <paramref name="refitEvery"/> days), EWMA (λ = 0.94), historical simulation and filtered historical
    /// simulation over <paramref name="window"/> days. <paramref name="garch"/>, when given, is that fit (a caller
    /// forecasting several levels fits it once).
    /// </summary>
    public static IReadOnlyList<RiskForecast> DeskForecasts(IReadOnlyList<double> returns, int from, double p, int refitEvery = 0, int window = 1000, GarchModel? garch = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(refitEvery);
        var model = garch ?? GarchModel.Fit([.. returns.Take(from)]);
        return
        [
            refitEvery > 0 ? GarchRefitted(returns, from, p, refitEvery) : Garch(model, returns, from, p),
            Ewma(returns, from, p),
            HistoricalSimulation(returns, from, p, window),
            FilteredHistoricalSimulation(model, returns, from, p, window),
        ];
    }

    /// <summary>GARCH(1,1)-t refitted every <paramref name="every"/> days on all the days before the block it forecasts.</summary>
    public static RiskForecast GarchRefitted(IReadOnlyList<double> returns, int from, double p, int every)
        => Refitted($"GARCH(1,1)-t, refitted every {every} days", p, returns, from, every, start => Garch(GarchModel.Fit([.. returns.Take(start)]), returns, start, p));

    /// <summary>
    /// The sequence GAN refitted every <paramref name="every"/> days: <paramref name="models"/>[k] forecasts the days
    /// from + k·every … from + (k + 1)·every − 1 and must have been fitted on days before from + k·every only (it is
    /// refused otherwise); <see cref="SeriesGanRefits"/> fits them. Each filters the returns from the first day, as
    /// <see cref="SeriesGan"/> does. <paramref name="window"/>: 0 (the default) forecasts with each model's own
    /// innovation law; above 0, by filtered historical simulation over that many days on each model's filter
    /// (<see cref="SeriesGanFilteredHistorical"/>).
    /// </summary>
    public static RiskForecast SeriesGanRefitted(IReadOnlyList<SeriesGanModel> models, IReadOnlyList<double> returns, int from, double p, int every, int window = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(every);
        int blocks = BlockCount(returns.Count, from, every);
        if (models.Count != blocks)
        {
            throw new ArgumentException($"{blocks} blocks of {every} days from day {from + 1:N0} need {blocks} models; got {models.Count}.", nameof(models));
        }

        string name = window > 0 ? $"sequence GAN, refitted every {every} days, filtered historical simulation ({window:N0} days)" : $"sequence GAN, refitted every {every} days";
        return Refitted(name, p, returns, from, every, start =>
        {
            var model = models[(start - from) / every];
            if (model.TrainingDays + model.ValidationDays > start)
            {
                throw new ArgumentException($"The model for the block from day {start + 1:N0} saw days up to {model.TrainingDays + model.ValidationDays:N0}: its forecasts would be in-sample.", nameof(models));
            }

            return window > 0 ? SeriesGanFilteredHistorical(model, returns, start, p, window) : SeriesGan(model, returns, start, p);
        });
    }

    /// <summary>
    /// Fits the sequence GAN for each block of <paramref name="every"/> days from <paramref name="from"/> on every day before
    /// the block (its checkpoint chosen on the last <see cref="SeriesGanOptions.ValidationFraction"/> of them), for
    /// <see cref="SeriesGanRefitted"/>. <paramref name="fitted"/> hears of each model as it is made (block, first day, model).
    /// </summary>
    public static IReadOnlyList<SeriesGanModel> SeriesGanRefits(string asset, IReadOnlyList<double> returns, int from, int every, SeriesGanOptions options,
        Action<int, int, SeriesGanModel>? fitted = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(every);
        var models = new List<SeriesGanModel>();
        for (int start = from; start < returns.Count; start += every)
        {
            var model = new SeriesGan(options).Fit(new ReturnSeries([asset], [[.. returns.Take(start)]]), cancellationToken);
            fitted?.Invoke(models.Count, start, model);
            models.Add(model);
        }

        return models;
    }

    private static int BlockCount(int length, int from, int every) => (length - from + every - 1) / every;

    /// <summary>Stitches the forecasts of models refitted before each block of <paramref name="every"/> days: <paramref name="block"/>(start) forecasts from day start on.</summary>
    private static RiskForecast Refitted(string name, double p, IReadOnlyList<double> returns, int from, int every, Func<int, RiskForecast> block)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(every);
        int n = returns.Count - from;
        var (var, es, sigma, probability) = (new double[n], new double[n], new double[n], new double[n]);
        for (int start = from; start < returns.Count; start += every)
        {
            var forecast = block(start);
            int count = Math.Min(every, returns.Count - start);
            Array.Copy(forecast.ValueAtRisk, 0, var, start - from, count);
            Array.Copy(forecast.ExpectedShortfall, 0, es, start - from, count);
            Array.Copy(forecast.Volatility, 0, sigma, start - from, count);
            Array.Copy(forecast.Probability!, 0, probability, start - from, count);
        }

        return new RiskForecast(name, p, from, var, es, sigma, probability);
    }
}
