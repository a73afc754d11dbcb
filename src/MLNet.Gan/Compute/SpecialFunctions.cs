namespace MLNet.Gan.Compute;

/// <summary>Special functions in double precision for the likelihoods and accountants (.NET has no lgamma or erfc).</summary>
internal static class SpecialFunctions
{
    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine terms: about 15 significant digits).</summary>
    internal static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];


    /// <summary>log erfc(x), accurate in the far tail (erfc underflows beyond x ≈ 27).</summary>
    internal static double LogErfc(double x)
    {
        if (x < 3)
        {
            return Math.Log(Erfc(x));
        }

        // erfc(x) = e^−x² / √π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))): the continued fraction,
        // evaluated from the back, converges fast for x ≥ 3.
        double f = x;
        for (int n = 60; n >= 1; n--)
        {
            f = x + (n / 2.0 / f);
        }

        return (-x * x) - (0.5 * Math.Log(Math.PI)) - Math.Log(f);
    }

    /// <summary>erfc(x) = 1 − erf(x); the Maclaurin series of erf for |x| &lt; 3, the continued fraction beyond.</summary>
    internal static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x >= 3)
        {
            return Math.Exp(LogErfc(x));
        }

        // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n + 1)); at x < 3 the largest term is ~10³, so
        // about 13 digits survive the alternating sum — ample for probabilities and log-sums.
        double term = x, sum = x, x2 = x * x;
        for (int n = 1; n < 200; n++)
        {
            term *= -x2 / n;
            double add = term / ((2 * n) + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }

        return 1 - (2 / Math.Sqrt(Math.PI) * sum);
    }
}
