namespace MLNet.Gan.Compute;

/// <summary>Draws an index by weight: a cumulative distribution built once, then one uniform per draw.</summary>
internal static class CumulativeDistribution
{
    /// <summary>The normalised running sums of <paramref name="weights"/>.</summary>
    public static double[] Of(IEnumerable<double> weights)
    {
        var w = weights.ToArray();
        double total = w.Sum();
        var cdf = new double[w.Length];
        double acc = 0;
        for (int i = 0; i < w.Length; i++)
        {
            acc += w[i] / total;
            cdf[i] = acc;
        }

        return cdf;
    }

    /// <summary>The index whose cumulative share first exceeds a uniform draw from <paramref name="rng"/> (the last when rounding leaves it over).</summary>
    public static int Pick(double[] cdf, RandomStream rng)
    {
        double u = rng.NextDouble();
        int i = Array.BinarySearch(cdf, u);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, cdf.Length - 1);
    }
}
