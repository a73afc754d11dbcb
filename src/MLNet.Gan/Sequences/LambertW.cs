namespace MLNet.Gan.Sequences;

/// <summary>
/// The heavy-tail Lambert W × Gaussian transform (Goerg 2015): y = u·exp(δu²/2) turns a Gaussian u into
/// a heavy-tailed y (the sequence GAN's innovations); its inverse u = sign(y)·√(W₀(δy²)/δ) makes
/// heavy-tailed values near-Gaussian, and δ is fitted as the value at which the inverse gives the
/// kurtosis of a normal law (3).
/// </summary>
internal static class LambertW
{
    /// <summary>y = u·exp(δu²/2).</summary>
    public static double Forward(double u, double delta) => u * Math.Exp(delta * u * u / 2);

    /// <summary>u = sign(y)·√(W₀(δy²)/δ); the identity at δ = 0.</summary>
    public static double Inverse(double y, double delta)
        => delta <= 0 ? y : Math.Sign(y) * Math.Sqrt(W0(delta * y * y) / delta);

    /// <summary>The δ ≥ 0 at which the inverse transform of the standardized <paramref name="values"/> has kurtosis 3 (0 when they are not heavy-tailed).</summary>
    public static double FitDelta(IReadOnlyList<double> values)
    {
        if (Kurtosis(values, 0) <= 3)
        {
            return 0;
        }

        double lo = 0, hi = 2;
        for (int i = 0; i < 60; i++)
        {
            double mid = (lo + hi) / 2;
            if (Kurtosis(values, mid) > 3)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    /// <summary>The principal branch W₀(x) for x ≥ 0 (Halley's iteration).</summary>
    public static double W0(double x)
    {
        if (x == 0)
        {
            return 0;
        }

        double w = Math.Log(1 + x);
        for (int i = 0; i < 50; i++)
        {
            double e = Math.Exp(w), f = (w * e) - x;
            double step = f / ((e * (w + 1)) - ((w + 2) * f / (2 * w + 2)));
            w -= step;
            if (Math.Abs(step) < 1e-15 * (1 + Math.Abs(w)))
            {
                break;
            }
        }

        return w;
    }

    private static double Kurtosis(IReadOnlyList<double> values, double delta)
    {
        var u = new double[values.Count];
        for (int i = 0; i < u.Length; i++)
        {
            u[i] = Inverse(values[i], delta);
        }

        return StylizedFacts.Kurtosis(u);
    }
}
