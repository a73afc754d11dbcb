using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>
/// One part of a synthetic output split across processes or machines: shard <see cref="Index"/> of
/// <see cref="Count"/> (0-based). The parts of one output, in index order, concatenate to exactly the
/// single-process output (see <see cref="ChunkedSampling"/>).
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole output.</summary>
    public static Shard All => new(0, 1);

    /// <summary>Parses "i/n" (1-based, as users count: 1/4 … 4/4); a clear error otherwise.</summary>
    public static Shard Parse(string text)
    {
        int slash = text.IndexOf('/');
        if (slash > 0 && int.TryParse(text[..slash], out int i) && int.TryParse(text[(slash + 1)..], out int n) && n >= 1 && i >= 1 && i <= n)
        {
            return new Shard(i - 1, n);
        }

        throw OptionChecks.Refuse("shard", $"'{text}'", "i/n with 1 ≤ i ≤ n, such as 1/4");
    }
}

/// <summary>
/// Samples a large output in fixed chunks of <see cref="ChunkRows"/> rows, chunk k drawn with its own
/// seed derived from (seed, k), so that memory stays flat whatever the row count (each chunk is
/// decoded, handed on and dropped), and any range of chunks can be produced on its own: a shard is
/// a contiguous range of chunks, and the shards concatenate to exactly the unsharded output. Chunk 0
/// uses the seed itself, so an output of at most one chunk is what <see cref="FittedSynthesizer.Sample(int, long)"/> gives.
/// Identifier columns are renumbered by the chunk's first row so they stay unique across chunks.
/// </summary>
public static class ChunkedSampling
{
    /// <summary>Rows per chunk: 100,000. Part of what a seed means for a large output: changing it changes the rows.</summary>
    public const int ChunkRows = 100_000;

    /// <summary>The rows [First, First + Count) that <paramref name="shard"/> of an output of <paramref name="rows"/> rows holds.</summary>
    public static (long First, long Count) RowsOf(long rows, Shard shard, int chunkRows = ChunkRows)
    {
        var (firstChunk, endChunk) = ChunksOf(rows, shard, chunkRows);
        long first = Math.Min(rows, firstChunk * (long)chunkRows), end = Math.Min(rows, endChunk * (long)chunkRows);
        return (first, end - first);
    }

    /// <summary>
    /// The chunks of <paramref name="shard"/>, in order, each a decoded table; enumerate to generate
    /// (one chunk in memory at a time). <paramref name="sample"/> samples (rows, seed) in one piece.
    /// </summary>
    internal static IEnumerable<Table> Chunks(TableEncoder encoder, long rows, long seed, Shard shard, Func<int, long, Table> sample, int chunkRows = ChunkRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        if (shard.Count < 1 || shard.Index < 0 || shard.Index >= shard.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), $"Shard {shard.Index} of {shard.Count} does not exist.");
        }

        var (firstChunk, endChunk) = ChunksOf(rows, shard, chunkRows);
        for (long k = firstChunk; k < endChunk; k++)
        {
            long first = k * chunkRows;
            int count = (int)Math.Min(chunkRows, rows - first);
            var table = sample(count, ChunkSeed(seed, k));
            yield return RenumberIdentifiers(encoder, table, first);
        }
    }

    /// <summary>The seed of chunk <paramref name="k"/>: the seed itself for chunk 0, a SplitMix64 mix of (seed, k) after it.</summary>
    internal static long ChunkSeed(long seed, long k)
    {
        if (k == 0)
        {
            return seed;
        }

        ulong z = unchecked((ulong)seed + ((ulong)k * 0x9E3779B97F4A7C15UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((long)(z ^ (z >> 31)));
    }

    private static (long First, long End) ChunksOf(long rows, Shard shard, int chunkRows)
    {
        // rounded up, so the first shard is never empty (it carries the header) while rows ≥ 1
        long chunks = (rows + chunkRows - 1) / chunkRows;
        return (((chunks * shard.Index) + shard.Count - 1) / shard.Count, ((chunks * (shard.Index + 1)) + shard.Count - 1) / shard.Count);
    }

    private static Table RenumberIdentifiers(TableEncoder encoder, Table table, long firstRow)
    {
        if (firstRow == 0)
        {
            return table;
        }

        var columns = new Column[table.Columns.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = table.Columns[i];
        }

        foreach (var column in encoder.Columns)
        {
            if (column is IdentifierEncoder id)
            {
                columns[table.IndexOf(id.Name)] = id.FreshIdentifiers(table.RowCount, firstRow);
            }
        }

        return new Table(columns, table.Label);
    }
}
