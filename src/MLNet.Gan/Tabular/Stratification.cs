using MLNet.Gan.Compute;

namespace MLNet.Gan.Tabular;

/// <summary>
/// Stratified row assignment from per-row class codes: the one implementation behind the table's
/// split and k-fold and the <c>IDataView</c> ones, so both give the same rows for a seed.
/// </summary>
public static class Stratification
{
    /// <summary>
    /// Rows of each class shuffled (seeded), the first round(n·<paramref name="testFraction"/>) of
    /// each class to test. Both lists are in row order.
    /// </summary>
    public static (int[] Train, int[] Test) Split(ReadOnlySpan<int> codes, int classes, double testFraction, long seed)
    {
        if (testFraction is <= 0 or >= 1 || double.IsNaN(testFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        }

        var train = new List<int>();
        var test = new List<int>();
        var rng = RandomStream.Create(seed, streamId: 0x5EED);
        foreach (var group in Strata(codes, classes))
        {
            rng.Shuffle(group.AsSpan());
            int nTest = (int)Math.Round(group.Length * testFraction);
            test.AddRange(group.AsSpan(0, nTest));
            train.AddRange(group.AsSpan(nTest));
        }

        train.Sort();
        test.Sort();
        return ([.. train], [.. test]);
    }

    /// <summary>The fold (0…<paramref name="folds"/>−1) of every row: each fold holds about 1/k of every class.</summary>
    public static int[] FoldOf(ReadOnlySpan<int> codes, int classes, int folds, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var foldOf = new int[codes.Length];
        var rng = RandomStream.Create(seed, streamId: 0xF01D);
        int offset = 0;
        foreach (var group in Strata(codes, classes))
        {
            rng.Shuffle(group.AsSpan());
            for (int i = 0; i < group.Length; i++)
            {
                foldOf[group[i]] = (i + offset) % folds; // continue the rotation so fold sizes stay even
            }

            offset += group.Length;
        }

        return foldOf;
    }

    private static List<int[]> Strata(ReadOnlySpan<int> codes, int classes)
    {
        var groups = new List<int>[Math.Max(classes, 1)];
        for (int c = 0; c < groups.Length; c++)
        {
            groups[c] = [];
        }

        for (int r = 0; r < codes.Length; r++)
        {
            groups[codes[r]].Add(r);
        }

        var result = new List<int[]>(groups.Length);
        foreach (var g in groups)
        {
            result.Add([.. g]);
        }

        return result;
    }
}
