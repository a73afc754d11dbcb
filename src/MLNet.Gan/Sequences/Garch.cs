using MLNet.Gan.Compute;

namespace MLNet.Gan.Sequences;

/// <summary>
/// GARCH(1,1) with standardized Student-t innovations: rₜ = μ + εₜ, εₜ = σₜ zₜ,
/// σ²ₜ = ω + α ε²ₜ₋₁ + β σ²ₜ₋₁, zₜ ~ t(ν) scaled to unit variance.
/// </summary>
/// <param name="Mu">μ, the mean return.</param>
/// <param name="Omega">ω &gt; 0.</param>
/// <param name="Alpha">α ≥ 0, the reaction to the last shock.</param>
/// <param name="Beta">β ≥ 0, the persistence (α + β &lt; 1).</param>
/// <param name="Nu">ν &gt; 2, the innovations' degrees of freedom.</param>
public sealed record GarchParameters(double Mu, double Omega, double Alpha, double Beta, double Nu)
{
    /// <summary>The unconditional variance ω / (1 − α − β).</summary>
    public double UnconditionalVariance => Omega / (1 - Alpha - Beta);
}

/// <summary>
/// The classic parametric generator of returns, the baseline every sequence generator must beat:
/// GARCH(1,1)-t fitted by maximum likelihood (as R's fGarch <c>garchFit(~garch(1,1), cond.dist = "std")</c>),
/// and simulated paths of any length.
/// </summary>
public sealed class GarchModel
{
    private GarchModel(GarchParameters parameters, double logLikelihood, int iterations)
    {
        Parameters = parameters;
        LogLikelihood = logLikelihood;
        Iterations = iterations;
    }

    /// <summary>The fitted parameters.</summary>
    public GarchParameters Parameters { get; }

    /// <summary>The log-likelihood at the fitted parameters.</summary>
    public double LogLikelihood { get; }

    /// <summary>Quasi-Newton iterations the fit took.</summary>
    public int Iterations { get; }

    /// <summary>A model with given parameters (to simulate).</summary>
    public static GarchModel FromParameters(GarchParameters parameters) => new(Check(parameters), double.NaN, 0);

    /// <summary>
    /// Maximum likelihood on <paramref name="returns"/>. The variance recursion starts at the mean squared
    /// residual (fGarch's default); the search runs in unconstrained coordinates (α and β through a
    /// logistic map that keeps α + β &lt; 1, ω and ν − 2 through logarithms) with BFGS.
    /// </summary>
    public static GarchModel Fit(ReadOnlySpan<double> returns)
    {
        if (returns.Length < 100)
        {
            throw new ArgumentException($"GARCH needs at least 100 returns (got {returns.Length}).");
        }

        double mean = 0;
        foreach (double r in returns)
        {
            mean += r;
        }

        mean /= returns.Length;
        double variance = 0;
        foreach (double r in returns)
        {
            variance += (r - mean) * (r - mean);
        }

        variance /= returns.Length;
        double scale = Math.Sqrt(variance);
        var data = returns.ToArray();
        var start = new GarchParameters(mean, variance * 0.05, 0.1, 0.85, 8);
        var (best, iterations) = Bfgs.Minimize(theta => -LogLikelihoodOf(data, FromTheta(theta, scale)), ToTheta(start, scale));
        var parameters = FromTheta(best, scale);
        return new GarchModel(parameters, LogLikelihoodOf(data, parameters), iterations);
    }

    /// <summary>The log-likelihood of <paramref name="returns"/> under <paramref name="p"/>.</summary>
    public static double LogLikelihoodOf(ReadOnlySpan<double> returns, GarchParameters p)
    {
        if (!(p.Omega > 0) || p.Alpha < 0 || p.Beta < 0 || !(p.Alpha + p.Beta < 1) || !(p.Nu > 2))
        {
            return double.NegativeInfinity;
        }

        int n = returns.Length;
        double initial = InitialVariance(returns, p.Mu);
        double constant = LogGammaHalfStep(p.Nu / 2) - (0.5 * Math.Log(Math.PI * (p.Nu - 2)));
        double h = initial, previousSquare = initial, sum = 0;
        for (int t = 0; t < n; t++)
        {
            h = p.Omega + (p.Alpha * previousSquare) + (p.Beta * h);
            double e = returns[t] - p.Mu;
            sum += constant - (0.5 * Math.Log(h)) - ((p.Nu + 1) / 2 * LogOnePlus(e * e / (h * (p.Nu - 2))));
            previousSquare = e * e;
        }

        return sum;
    }

    /// <summary>
    /// ln Γ(z + ½) − ln Γ(z). Taken directly, the difference of two numbers near z ln z loses every digit
    /// once z is large (at ν = 2·10¹⁵ the error is several units per day, and a likelihood search on the
    /// S&amp;P 500's first 16,000 days climbed it to a t of 10¹⁵ degrees of freedom with a likelihood of
    /// 151,427 against the true optimum's 53,903). Beyond z = 10⁶ the asymptotic series ½ ln z − 1/(8z) +
    /// 1/(192z³) is exact to double precision.
    /// </summary>
    internal static double LogGammaHalfStep(double z)
        => z <= 1e6 ? LogGamma(z + 0.5) - LogGamma(z) : (0.5 * Math.Log(z)) - (1 / (8 * z)) + (1 / (192 * z * z * z));

    /// <summary>ln(1 + x), accurate for tiny x too (where 1 + x rounds away x's digits: large ν makes x tiny).</summary>
    internal static double LogOnePlus(double x) => x < 1e-8 ? x - (x * x / 2) : Math.Log(1 + x);

    /// <summary>The standardized residuals zₜ = (rₜ − μ) / σₜ of <paramref name="returns"/> under the fitted recursion.</summary>
    public double[] StandardizedResiduals(ReadOnlySpan<double> returns)
    {
        var sigma = Filter(returns);
        var z = new double[returns.Length];
        for (int t = 0; t < returns.Length; t++)
        {
            z[t] = (returns[t] - Parameters.Mu) / sigma[t];
        }

        return z;
    }

    /// <summary>
    /// The conditional volatility of every day of <paramref name="returns"/> and of the day after:
    /// σₜ from the recursion the likelihood runs (started at the mean squared residual), so σₜ uses
    /// the returns before day t only, and the last of the <c>n + 1</c> values is tomorrow's forecast.
    /// <paramref name="initialVariance"/> replaces the start (the mean squared residual of all of
    /// <paramref name="returns"/>, which a forecast of a day inside them must not see): a backtest passes
    /// the training period's.
    /// </summary>
    public double[] Filter(ReadOnlySpan<double> returns, double? initialVariance = null)
    {
        var p = Parameters;
        double initial = initialVariance ?? InitialVariance(returns, p.Mu);
        var sigma = new double[returns.Length + 1];
        double h = initial, previousSquare = initial;
        for (int t = 0; t <= returns.Length; t++)
        {
            h = p.Omega + (p.Alpha * previousSquare) + (p.Beta * h);
            sigma[t] = Math.Sqrt(h);
            if (t < returns.Length)
            {
                double e = returns[t] - p.Mu;
                previousSquare = e * e;
            }
        }

        return sigma;
    }

    /// <summary>
    /// <paramref name="length"/> simulated returns after <paramref name="burnIn"/> discarded days that start
    /// at the unconditional variance; the innovations are t(ν) draws scaled to unit variance.
    /// </summary>
    public double[] Simulate(int length, long seed, int burnIn = 1000)
    {
        var p = Parameters;
        var rng = RandomStream.Create(seed, streamId: 0x6A4C);
        var path = new double[length];
        double h = p.UnconditionalVariance, e = 0;
        double tScale = Math.Sqrt((p.Nu - 2) / p.Nu);
        for (int t = -burnIn; t < length; t++)
        {
            h = p.Omega + (p.Alpha * e * e) + (p.Beta * h);
            e = Math.Sqrt(h) * StudentT(rng, p.Nu) * tScale;
            if (t >= 0)
            {
                path[t] = p.Mu + e;
            }
        }

        return path;
    }

    /// <summary>Where the variance recursion starts (fGarch's default): the mean squared residual.</summary>
    internal static double InitialVariance(ReadOnlySpan<double> returns, double mu)
    {
        double sum = 0;
        foreach (double r in returns)
        {
            sum += (r - mu) * (r - mu);
        }

        return sum / returns.Length;
    }

    /// <summary>A t(ν) draw: N(0, 1) / √(χ²ν / ν).</summary>
    internal static double StudentT(RandomStream rng, double nu) => rng.NextNormal() / Math.Sqrt(2 * Gamma(rng, nu / 2) / nu);

    /// <summary>A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape &lt; 1 by the boost u^(1/shape)).</summary>
    internal static double Gamma(RandomStream rng, double shape)
    {
        if (shape < 1)
        {
            return Gamma(rng, shape + 1) * Math.Pow(rng.NextDouble() + double.Epsilon, 1 / shape);
        }

        double d = shape - (1.0 / 3), c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = rng.NextNormal(), v = 1 + (c * x);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            double u = rng.NextDouble();
            if (Math.Log(u + double.Epsilon) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>ln Γ(x) for x &gt; 0: <see cref="SpecialFunctions.LogGamma"/>.</summary>
    public static double LogGamma(double x) => SpecialFunctions.LogGamma(x);

    private static GarchParameters Check(GarchParameters p)
        => double.IsFinite(LogLikelihoodOf([0.0, 0.01, -0.01], p)) ? p : throw new ArgumentException($"Invalid GARCH parameters {p}: ω > 0, α, β ≥ 0, α + β < 1, ν > 2.");

    // θ = (μ / s, ln ω, logit α, logit(β / (1 − α)), ln(ν − 2)): every θ is a valid model
    private static double[] ToTheta(GarchParameters p, double scale)
        => [p.Mu / scale, Math.Log(p.Omega), Logit(p.Alpha), Logit(p.Beta / (1 - p.Alpha)), Math.Log(p.Nu - 2)];

    private static GarchParameters FromTheta(double[] theta, double scale)
    {
        double alpha = Logistic(theta[2]);
        return new GarchParameters(theta[0] * scale, Math.Exp(theta[1]), alpha, (1 - alpha) * Logistic(theta[3]), 2 + Math.Exp(theta[4]));
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
