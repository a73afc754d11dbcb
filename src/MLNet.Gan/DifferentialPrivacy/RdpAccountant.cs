using MLNet.Gan.Compute;

namespace MLNet.Gan.DifferentialPrivacy;

/// <summary>
/// Rényi-differential-privacy accounting of the sampled Gaussian mechanism (DP-SGD's step: a
/// Poisson-sampled batch, each example's gradient clipped to norm C, Gaussian noise of standard
/// deviation σ·C added to the sum), after Mironov, Talwar and Zhang, "Rényi Differential Privacy of the
/// Sampled Gaussian Mechanism" (2019), and its conversion to (ε, δ)-DP (Mironov 2017, Prop. 3; and the
/// tighter conversion of Balle et al. 2020, Thm. 21). One step at sampling rate q and noise
/// multiplier σ has RDP ε(α) = log A_α / (α − 1) at order α, where A_α = E_{z∼μ0}[(μ(z)/μ0(z))^α],
/// μ0 = N(0, σ²), μ = (1 − q)μ0 + q·N(1, σ²); steps compose by adding their RDP order by order.
/// Valid only when batches are Poisson-sampled (each example independently with probability q).
/// </summary>
public sealed class RdpAccountant
{
    /// <summary>The orders searched by default: 1.1 … 10.9 in steps of 0.1, 12 … 63, and 128, 256 (as Opacus searches).</summary>
    public static readonly double[] DefaultOrders = [.. Enumerable.Range(1, 99).Select(x => 1 + (x / 10.0)), .. Enumerable.Range(12, 52).Select(x => (double)x), 128, 256];

    private readonly double[] _orders;
    private readonly double[] _rdp;

    /// <summary>Creates an accountant that tracks RDP at <paramref name="orders"/> (default <see cref="DefaultOrders"/>), each &gt; 1.</summary>
    public RdpAccountant(IReadOnlyList<double>? orders = null)
    {
        _orders = [.. orders ?? DefaultOrders];
        if (_orders.Length == 0 || _orders.Any(a => !(a > 1)))
        {
            throw new ArgumentException("RDP orders must be greater than 1.", nameof(orders));
        }

        _rdp = new double[_orders.Length];
    }

    /// <summary>The orders tracked.</summary>
    public IReadOnlyList<double> Orders => _orders;

    /// <summary>The RDP spent so far at each order.</summary>
    public IReadOnlyList<double> Rdp => _rdp;

    /// <summary>Records <paramref name="steps"/> steps at sampling rate <paramref name="q"/> and noise multiplier <paramref name="sigma"/>.</summary>
    public void Step(double q, double sigma, long steps = 1)
    {
        var rdp = Compute(q, sigma, steps, _orders);
        for (int i = 0; i < _rdp.Length; i++)
        {
            _rdp[i] += rdp[i];
        }
    }

    /// <summary>The ε of (ε, <paramref name="delta"/>)-DP spent so far and the order that gives it (the tighter conversion of Balle et al. 2020).</summary>
    public (double Epsilon, double Order) Epsilon(double delta) => Convert(_orders, _rdp, delta, tight: true);

    /// <summary>As <see cref="Epsilon"/> with Mironov's original conversion ε = RDP(α) + log(1/δ)/(α − 1) (what TensorFlow Privacy's accountant reports).</summary>
    public (double Epsilon, double Order) EpsilonClassic(double delta) => Convert(_orders, _rdp, delta, tight: false);

    /// <summary>RDP of <paramref name="steps"/> steps of the sampled Gaussian mechanism at each order (∞ for order ∞ when q &gt; 0).</summary>
    public static double[] Compute(double q, double sigma, long steps, IReadOnlyList<double> orders)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), $"The sampling rate must be in [0, 1] (got {q}).");
        }

        if (!(sigma >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), $"The noise multiplier must be ≥ 0 (got {sigma}).");
        }

        var result = new double[orders.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = steps * StepRdp(q, sigma, orders[i]);
        }

        return result;
    }

    /// <summary>The smallest ε over the orders for <paramref name="delta"/>, and its order.</summary>
    public static (double Epsilon, double Order) Convert(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta, bool tight)
    {
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), $"δ must be in (0, 1) (got {delta}).");
        }

        double best = double.PositiveInfinity, bestOrder = double.NaN;
        for (int i = 0; i < orders.Count; i++)
        {
            double a = orders[i];
            double eps = tight
                ? rdp[i] - ((Math.Log(delta) + Math.Log(a)) / (a - 1)) + Math.Log((a - 1) / a)
                : rdp[i] - (Math.Log(delta) / (a - 1));
            if (eps < best)
            {
                (best, bestOrder) = (eps, a);
            }
        }

        return (Math.Max(best, 0), bestOrder);
    }

    /// <summary>
    /// The smallest noise multiplier whose (ε, δ) after <paramref name="steps"/> steps at rate
    /// <paramref name="q"/> is at most <paramref name="epsilon"/> (bisection to a relative 1e-4), or
    /// +∞ when even <paramref name="maxSigma"/> spends more.
    /// </summary>
    public static double NoiseMultiplier(double epsilon, double delta, double q, long steps, double maxSigma = 1000)
    {
        double Spent(double sigma)
        {
            var rdp = Compute(q, sigma, steps, DefaultOrders);
            return Convert(DefaultOrders, rdp, delta, tight: true).Epsilon;
        }

        if (Spent(maxSigma) > epsilon)
        {
            return double.PositiveInfinity;
        }

        double low = 0, high = maxSigma;
        while (high - low > 1e-4 * high)
        {
            double mid = 0.5 * (low + high);
            (low, high) = Spent(mid) > epsilon ? (mid, high) : (low, mid);
        }

        return high;
    }

    /// <summary>RDP of one step at order <paramref name="alpha"/>.</summary>
    private static double StepRdp(double q, double sigma, double alpha)
    {
        if (q == 0)
        {
            return 0;
        }

        if (double.IsPositiveInfinity(alpha) || sigma == 0)
        {
            return double.PositiveInfinity;
        }

        if (q == 1)
        {
            return alpha / (2 * sigma * sigma);
        }

        double logA = alpha == Math.Floor(alpha) ? LogAInteger(q, sigma, (int)alpha) : LogAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /// <summary>log A_α for integer α: the binomial expansion Σ_k C(α,k) (1 − q)^(α−k) q^k e^((k² − k)/(2σ²)).</summary>
    private static double LogAInteger(double q, double sigma, int alpha)
    {
        double logA = double.NegativeInfinity;
        for (int k = 0; k <= alpha; k++)
        {
            double term = LogBinomial(alpha, k) + (k * Math.Log(q)) + ((alpha - k) * Math.Log(1 - q)) + ((k * (double)k) - k) / (2 * sigma * sigma);
            logA = LogAdd(logA, term);
        }

        return logA;
    }

    /// <summary>
    /// log A_α for fractional α (Mironov, Talwar and Zhang 2019, Sec. 3.3): split the integral at
    /// z0 = σ² log(1/q − 1) + ½, where the two Gaussians' densities cross, and expand (1 − q + q·e^…)^α
    /// as a binomial series on each side; the terms fall geometrically, and the sum stops once both
    /// sides' terms are below e^−30.
    /// </summary>
    private static double LogAFractional(double q, double sigma, double alpha)
    {
        double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
        double z0 = (sigma * sigma * Math.Log((1 / q) - 1)) + 0.5;
        double coefficient = 1; // C(α, i), by the recurrence C(α, i + 1) = C(α, i)·(α − i)/(i + 1)
        for (int i = 0; i < 100_000; i++)
        {
            double j = alpha - i;
            double logCoefficient = Math.Log(Math.Abs(coefficient));
            double logT0 = logCoefficient + (i * Math.Log(q)) + (j * Math.Log(1 - q));
            double logT1 = logCoefficient + (j * Math.Log(q)) + (i * Math.Log(1 - q));
            double logE0 = Math.Log(0.5) + SpecialFunctions.LogErfc((i - z0) / (Math.Sqrt(2) * sigma));
            double logE1 = Math.Log(0.5) + SpecialFunctions.LogErfc((z0 - j) / (Math.Sqrt(2) * sigma));
            double logS0 = logT0 + (((i * (double)i) - i) / (2 * sigma * sigma)) + logE0;
            double logS1 = logT1 + (((j * j) - j) / (2 * sigma * sigma)) + logE1;
            if (coefficient > 0)
            {
                logA0 = LogAdd(logA0, logS0);
                logA1 = LogAdd(logA1, logS1);
            }
            else
            {
                logA0 = LogSub(logA0, logS0);
                logA1 = LogSub(logA1, logS1);
            }

            if (Math.Max(logS0, logS1) < -30)
            {
                break;
            }

            coefficient *= (alpha - i) / (i + 1);
        }

        return LogAdd(logA0, logA1);
    }

    private static double LogBinomial(int n, int k) => SpecialFunctions.LogGamma(n + 1) - SpecialFunctions.LogGamma(k + 1) - SpecialFunctions.LogGamma(n - k + 1);

    private static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    /// <summary>log(e^a − e^b) for a ≥ b (−∞ when they are equal).</summary>
    private static double LogSub(double a, double b)
    {
        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        if (a <= b)
        {
            return a == b ? double.NegativeInfinity : throw new ArithmeticException("The series for a fractional order lost its sign (log of a negative number).");
        }

        return a + Math.Log(-double.ExpM1(b - a));
    }
}
