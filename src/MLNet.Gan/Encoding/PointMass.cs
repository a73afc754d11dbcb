namespace MLNet.Gan.Encoding;

/// <summary>
/// Finds a continuous column's point masses: values repeated far more often than the values beside
/// them (zeros, caps such as 0.9999999, sentinel codes such as 96 and 98, round amounts). A Gaussian
/// mode cannot hold such a spike — it smears it over a width, or, with the most likely mode, moves it
/// to a neighbour — so each becomes a mode of its own, reproduced exactly.
/// </summary>
internal static class PointMass
{
    /// <summary>
    /// Values with share ≥ <paramref name="minShare"/> of <paramref name="present"/> and ≥
    /// <paramref name="ratio"/> × the mean share of their two neighbouring distinct values (an end value
    /// has one neighbour, the other counts 0); the <paramref name="max"/> largest, in increasing value.
    /// </summary>
    public static double[] Find(ReadOnlySpan<double> present, double minShare, double ratio, int max)
    {
        if (minShare <= 0 || max <= 0 || present.IsEmpty)
        {
            return [];
        }

        var counts = new Dictionary<double, int>();
        foreach (double v in present)
        {
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }

        double need = minShare * present.Length;
        if (!counts.Values.Any(c => c >= need))
        {
            return [];
        }

        var values = counts.Keys.Order().ToArray();
        var found = new List<(double Value, int Count)>();
        for (int i = 0; i < values.Length; i++)
        {
            int count = counts[values[i]];
            if (count < need)
            {
                continue;
            }

            double left = i > 0 ? counts[values[i - 1]] : 0, right = i < values.Length - 1 ? counts[values[i + 1]] : 0;
            if (count >= ratio * (left + right) / 2)
            {
                found.Add((values[i], count));
            }
        }

        return [.. found.OrderByDescending(f => f.Count).ThenBy(f => f.Value).Take(max).Select(f => f.Value).Order()];
    }
}
