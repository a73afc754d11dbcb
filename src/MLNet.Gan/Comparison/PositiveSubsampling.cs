using MLNet.Gan.Tabular;

namespace MLNet.Gan.Comparison;

/// <summary>
/// Fewer positives for a comparison: the anchors' "positives cut to 5 % before splitting", and
/// <c>compare --max-train-positives</c>'s cut of the training rows after splitting.
/// </summary>
public static class PositiveSubsampling
{
    /// <summary>Throws an <see cref="ArgumentException"/> (for <paramref name="rate"/>) unless the rate lies in (0, 1).</summary>
    public static void ValidateRate(double rate) => OptionChecks.InRange(rate, 0, 1, nameof(rate), lowOpen: true);

    /// <summary>
    /// Keeps every negative row and a seeded sample of positives so that positives ÷ rows ≈
    /// <paramref name="rate"/> (the table unchanged when it already has fewer).
    /// </summary>
    public static Table Subsample(Table data, string positive, double rate, long seed)
    {
        ValidateRate(rate);
        var positives = data.RowsWithLabel(positive);
        int negatives = data.RowCount - positives.Length;
        return Keep(data, positive, positives, (int)Math.Round(rate * negatives / (1 - rate)), seed);
    }

    /// <summary>Keeps every negative row and a seeded sample of <paramref name="count"/> positives (the table unchanged when it has no more).</summary>
    public static Table KeepPositives(Table data, string positive, int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        return Keep(data, positive, data.RowsWithLabel(positive), count, seed);
    }

    private static Table Keep(Table data, string positive, int[] positives, int keep, long seed)
    {
        if (keep >= positives.Length)
        {
            return data;
        }

        var rng = Compute.RandomStream.Create(seed, streamId: 0x9051);
        rng.Shuffle(positives.AsSpan());
        var kept = positives[..keep].ToHashSet();
        var label = data.LabelColumn!;
        int code = label.CodeOf(positive);
        return data.Select([.. Enumerable.Range(0, data.RowCount).Where(r => label.Codes[r] != code || kept.Contains(r))]);
    }
}
