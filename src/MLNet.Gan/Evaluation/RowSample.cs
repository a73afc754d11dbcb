using MLNet.Gan.Compute;

namespace MLNet.Gan.Evaluation;

/// <summary>Seeded row samples that keep the metrics affordable on large tables.</summary>
internal static class RowSample
{
    /// <summary><paramref name="take"/> distinct row numbers out of <paramref name="rows"/>, seeded, in order (all rows when there are no more than that).</summary>
    public static int[] Take(int rows, int take, long seed)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        if (rows <= take)
        {
            return all;
        }

        RandomStream.Create(seed, streamId: 0x5A3).Shuffle(all.AsSpan());
        var sample = all[..take];
        Array.Sort(sample);
        return sample;
    }
}
