namespace MLNet.Gan.Sequences;

/// <summary>
/// The stylized facts of one return series: heavy tails (kurtosis, 1 % / 99 % quantiles), almost no
/// linear autocorrelation of returns, slowly decaying autocorrelation of absolute returns (volatility
/// clustering, long memory), the leverage effect corr(rₜ, |rₜ₊₁|), and 1- and 10-day 99 % value-at-risk.
/// </summary>
/// <param name="Kurtosis">m₄ / m₂² (3 for a normal distribution).</param>
/// <param name="ReturnAutocorrelation">Autocorrelation of returns at lags 1 … <see cref="StylizedFacts.MaxLag"/> (index 0 is lag 1).</param>
/// <param name="AbsoluteAutocorrelation">Autocorrelation of |returns| at lags 1 … <see cref="StylizedFacts.MaxLag"/>.</param>
/// <param name="Leverage">corr(rₜ, |rₜ₊₁|): negative when falls raise volatility more than rises.</param>
/// <param name="Quantile01">The 1 % quantile of returns.</param>
/// <param name="Quantile99">The 99 % quantile of returns.</param>
/// <param name="ValueAtRisk1Day">99 % value-at-risk over one day: −(1 % quantile of returns).</param>
/// <param name="ValueAtRisk10Day">99 % value-at-risk over ten days: −(1 % quantile of overlapping 10-day sums).</param>
/// <param name="LjungBox">The Ljung–Box statistic of returns over lags 1 … 20, n(n + 2) Σₖ ρₖ² ÷ (n − k): linear predictability a strategy could trade (χ²(20) for an unpredictable series, 31.4 at the 5 % level).</param>
public sealed record SeriesFacts(double Kurtosis, double[] ReturnAutocorrelation, double[] AbsoluteAutocorrelation, double Leverage, double Quantile01, double Quantile99, double ValueAtRisk1Day, double ValueAtRisk10Day, double LjungBox = double.NaN);

/// <summary>Computes <see cref="SeriesFacts"/> and cross-correlations.</summary>
public static class StylizedFacts
{
    /// <summary>Autocorrelations are measured to this lag (a trading year).</summary>
    public const int MaxLag = 250;

    /// <summary>The facts of <paramref name="returns"/> (at least <see cref="MaxLag"/> + 10 days).</summary>
    public static SeriesFacts Of(ReadOnlySpan<double> returns)
    {
        if (returns.Length < MaxLag + 10)
        {
            throw new ArgumentException($"Stylized facts need at least {MaxLag + 10} returns (got {returns.Length}).");
        }

        var r = returns.ToArray();
        var absolute = r.Select(Math.Abs).ToArray();
        var ten = new double[r.Length - 9];
        double window = r.AsSpan(0, 10).ToArray().Sum();
        for (int t = 0; t < ten.Length; t++)
        {
            ten[t] = window;
            if (t + 10 < r.Length)
            {
                window += r[t + 10] - r[t];
            }
        }

        double q01 = Quantile(r, 0.01), q99 = Quantile(r, 0.99);
        return new SeriesFacts(
            Kurtosis(r),
            Autocorrelations(r, MaxLag),
            Autocorrelations(absolute, MaxLag),
            Correlation(r.AsSpan(0, r.Length - 1), absolute.AsSpan(1)),
            q01,
            q99,
            -q01,
            -Quantile(ten, 0.01))
        {
            LjungBox = LjungBoxStatistic(Autocorrelations(r, LjungBoxLags), r.Length),
        };
    }

    /// <summary>Lags of the Ljung–Box statistic in <see cref="SeriesFacts.LjungBox"/>.</summary>
    public const int LjungBoxLags = 20;

    /// <summary>Ljung and Box (1978): Q = n(n + 2) Σₖ ρₖ² ÷ (n − k) over the given autocorrelations (lags 1, 2, …) of a series of <paramref name="days"/> days.</summary>
    public static double LjungBoxStatistic(ReadOnlySpan<double> autocorrelations, int days)
    {
        double sum = 0;
        for (int k = 1; k <= autocorrelations.Length; k++)
        {
            sum += autocorrelations[k - 1] * autocorrelations[k - 1] / (days - k);
        }

        return days * (days + 2.0) * sum;
    }

    /// <summary>m₄ / m₂² of <paramref name="x"/> (central moments; 3 for a normal law).</summary>
    public static double Kurtosis(ReadOnlySpan<double> x)
    {
        double mean = 0;
        foreach (double v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        double m2 = 0, m4 = 0;
        foreach (double v in x)
        {
            double d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }

        m2 /= x.Length;
        m4 /= x.Length;
        return m4 / (m2 * m2);
    }

    /// <summary>Autocorrelations at lags 1 … <paramref name="maxLag"/>: Σ (xₜ − x̄)(xₜ₊ₖ − x̄) / Σ (xₜ − x̄)².</summary>
    public static double[] Autocorrelations(ReadOnlySpan<double> x, int maxLag)
    {
        double mean = 0;
        foreach (double v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        var centred = new double[x.Length];
        double denominator = 0;
        for (int t = 0; t < x.Length; t++)
        {
            centred[t] = x[t] - mean;
            denominator += centred[t] * centred[t];
        }

        var acf = new double[maxLag];
        for (int k = 1; k <= maxLag; k++)
        {
            double s = 0;
            for (int t = 0; t + k < centred.Length; t++)
            {
                s += centred[t] * centred[t + k];
            }

            acf[k - 1] = s / denominator;
        }

        return acf;
    }

    /// <summary>Pearson correlation of two equally long series.</summary>
    public static double Correlation(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>The <paramref name="p"/> quantile with linear interpolation between order statistics (R's type 7).</summary>
    public static double Quantile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return SortedQuantile(sorted, p);
    }

    /// <summary>The quantile of already sorted values (R's type 7).</summary>
    public static double SortedQuantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>The correlation matrix of the assets' returns (same day).</summary>
    public static double[,] CrossCorrelations(ReturnSeries series)
    {
        int n = series.Assets.Count;
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = i == j ? 1 : j < i ? m[j, i] : Correlation(series.Returns[i], series.Returns[j]);
            }
        }

        return m;
    }
}
