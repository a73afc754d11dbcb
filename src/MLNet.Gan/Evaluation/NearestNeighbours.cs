using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// Exact nearest-neighbour distances under the privacy metrics' row distance, by brute force made
/// fast: reference rows are scanned in cache-sized chunks (column-major, 16, 8 or 4 rows per vector),
/// four query rows at a time share every load, and query ranges run on separate threads. Each
/// distance is summed over columns in a fixed order, so results do not depend on the thread count.
/// </summary>
public static class NearestNeighbours
{
    private const int QueryBlock = 4;
    private const int ChunkBytes = 256 * 1024; // reference chunk that stays in the 1 MB L2 while every query block passes

    /// <summary>For every row of <paramref name="queries"/>, the distance to its nearest row in <paramref name="reference"/>.</summary>
    public static float[] MinDistances(DistanceSpace queries, DistanceSpace reference)
    {
        if (queries.Columns != reference.Columns)
        {
            throw new ArgumentException($"The spaces have {queries.Columns} and {reference.Columns} columns.", nameof(reference));
        }

        var best = new float[queries.Rows];
        Array.Fill(best, float.PositiveInfinity);
        if (queries.Rows == 0 || reference.Rows == 0 || queries.Columns == 0)
        {
            return best;
        }

        int chunkRows = Math.Max(DistanceSpace.Width, ChunkBytes / (4 * queries.Columns) / DistanceSpace.Width * DistanceSpace.Width);
        int blocks = (queries.Rows + QueryBlock - 1) / QueryBlock;
        int parts = Math.Min(blocks, ComputeSettings.Threads * 8);
        ParallelColumns.For(parts, part =>
        {
            int first = (int)((long)blocks * part / parts), last = (int)((long)blocks * (part + 1) / parts);
            for (int start = 0; start < reference.Stride; start += chunkRows)
            {
                int end = Math.Min(reference.Stride, start + chunkRows);
                for (int b = first; b < last; b++)
                {
                    ScanChunk(queries, reference, b * QueryBlock, start, end, best);
                }
            }
        });

        float scale = 1f / queries.Columns;
        for (int i = 0; i < best.Length; i++)
        {
            best[i] *= scale;
        }

        return best;
    }

    /// <summary>Brute force, one pair at a time: the reference the blocked search is tested against.</summary>
    internal static float[] MinDistancesNaive(DistanceSpace queries, DistanceSpace reference)
    {
        var best = new float[queries.Rows];
        for (int q = 0; q < queries.Rows; q++)
        {
            float min = float.PositiveInfinity;
            for (int r = 0; r < reference.Rows; r++)
            {
                min = MathF.Min(min, queries.Distance(q, reference, r));
            }

            best[q] = min;
        }

        return best;
    }

    /// <summary>
    /// Updates the (unscaled) best sums of query rows q0 … q0 + 3 with reference rows [start, end) on
    /// the SIMD path in force. Each lane holds one reference row and sums its columns in order, so
    /// every path gives the same sums bit for bit; only how many rows a step takes differs.
    /// </summary>
    private static void ScanChunk(DistanceSpace queries, DistanceSpace reference, int q0, int start, int end, float[] best)
    {
        switch (ComputeSettings.Path)
        {
            case SimdPath.Vector512:
                ScanChunk512(queries, reference, q0, start, end, best);
                break;
            case SimdPath.Vector256:
                ScanChunk256(queries, reference, q0, start, end, best);
                break;
            case SimdPath.Vector128:
                ScanChunk128(queries, reference, q0, start, end, best);
                break;
            default:
                ScanChunkScalar(queries, reference, q0, start, end, best);
                break;
        }
    }

    /// <summary>Updates the (unscaled) best sums of query rows q0 … q0 + 3 with reference rows [start, end), 16 at a time (Vector512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanChunk512(DistanceSpace queries, DistanceSpace reference, int q0, int start, int end, float[] best)
    {
        int columns = queries.Columns, qs = queries.Stride, rs = reference.Stride;
        float[] qv = queries.Values, rv = reference.Values;
        // Past the last query row the query values are padding: their sums are computed and dropped.
        var one = Vector512.Create(1f);
        var min0 = Vector512.Create(float.PositiveInfinity);
        var (min1, min2, min3) = (min0, min0, min0);
        ref float r0 = ref rv[0];
        for (int i = start; i < end; i += 16)
        {
            var (acc0, acc1, acc2, acc3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
            for (int j = 0; j < columns; j++)
            {
                var r = Vector512.LoadUnsafe(ref r0, (nuint)((j * rs) + i));
                int qi = (j * qs) + q0;
                acc0 += Vector512.Min(Vector512.Abs(r - Vector512.Create(qv[qi])), one);
                acc1 += Vector512.Min(Vector512.Abs(r - Vector512.Create(qv[qi + 1])), one);
                acc2 += Vector512.Min(Vector512.Abs(r - Vector512.Create(qv[qi + 2])), one);
                acc3 += Vector512.Min(Vector512.Abs(r - Vector512.Create(qv[qi + 3])), one);
            }

            min0 = Vector512.Min(min0, acc0);
            min1 = Vector512.Min(min1, acc1);
            min2 = Vector512.Min(min2, acc2);
            min3 = Vector512.Min(min3, acc3);
        }

        Span<float> lanes = stackalloc float[16];
        min0.CopyTo(lanes);
        Store(best, q0, lanes);
        min1.CopyTo(lanes);
        Store(best, q0 + 1, lanes);
        min2.CopyTo(lanes);
        Store(best, q0 + 2, lanes);
        min3.CopyTo(lanes);
        Store(best, q0 + 3, lanes);
    }

    /// <summary>Updates the (unscaled) best sums of query rows q0 … q0 + 3 with reference rows [start, end), 8 at a time (Vector256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanChunk256(DistanceSpace queries, DistanceSpace reference, int q0, int start, int end, float[] best)
    {
        int columns = queries.Columns, qs = queries.Stride, rs = reference.Stride;
        float[] qv = queries.Values, rv = reference.Values;
        // Past the last query row the query values are padding: their sums are computed and dropped.
        var one = Vector256.Create(1f);
        var min0 = Vector256.Create(float.PositiveInfinity);
        var (min1, min2, min3) = (min0, min0, min0);
        ref float r0 = ref rv[0];
        for (int i = start; i < end; i += 8)
        {
            var (acc0, acc1, acc2, acc3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
            for (int j = 0; j < columns; j++)
            {
                var r = Vector256.LoadUnsafe(ref r0, (nuint)((j * rs) + i));
                int qi = (j * qs) + q0;
                acc0 += Vector256.Min(Vector256.Abs(r - Vector256.Create(qv[qi])), one);
                acc1 += Vector256.Min(Vector256.Abs(r - Vector256.Create(qv[qi + 1])), one);
                acc2 += Vector256.Min(Vector256.Abs(r - Vector256.Create(qv[qi + 2])), one);
                acc3 += Vector256.Min(Vector256.Abs(r - Vector256.Create(qv[qi + 3])), one);
            }

            min0 = Vector256.Min(min0, acc0);
            min1 = Vector256.Min(min1, acc1);
            min2 = Vector256.Min(min2, acc2);
            min3 = Vector256.Min(min3, acc3);
        }

        Span<float> lanes = stackalloc float[8];
        min0.CopyTo(lanes);
        Store(best, q0, lanes);
        min1.CopyTo(lanes);
        Store(best, q0 + 1, lanes);
        min2.CopyTo(lanes);
        Store(best, q0 + 2, lanes);
        min3.CopyTo(lanes);
        Store(best, q0 + 3, lanes);
    }

    /// <summary>Updates the (unscaled) best sums of query rows q0 … q0 + 3 with reference rows [start, end), 4 at a time (Vector128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanChunk128(DistanceSpace queries, DistanceSpace reference, int q0, int start, int end, float[] best)
    {
        int columns = queries.Columns, qs = queries.Stride, rs = reference.Stride;
        float[] qv = queries.Values, rv = reference.Values;
        // Past the last query row the query values are padding: their sums are computed and dropped.
        var one = Vector128.Create(1f);
        var min0 = Vector128.Create(float.PositiveInfinity);
        var (min1, min2, min3) = (min0, min0, min0);
        ref float r0 = ref rv[0];
        for (int i = start; i < end; i += 4)
        {
            var (acc0, acc1, acc2, acc3) = (Vector128<float>.Zero, Vector128<float>.Zero, Vector128<float>.Zero, Vector128<float>.Zero);
            for (int j = 0; j < columns; j++)
            {
                var r = Vector128.LoadUnsafe(ref r0, (nuint)((j * rs) + i));
                int qi = (j * qs) + q0;
                acc0 += Vector128.Min(Vector128.Abs(r - Vector128.Create(qv[qi])), one);
                acc1 += Vector128.Min(Vector128.Abs(r - Vector128.Create(qv[qi + 1])), one);
                acc2 += Vector128.Min(Vector128.Abs(r - Vector128.Create(qv[qi + 2])), one);
                acc3 += Vector128.Min(Vector128.Abs(r - Vector128.Create(qv[qi + 3])), one);
            }

            min0 = Vector128.Min(min0, acc0);
            min1 = Vector128.Min(min1, acc1);
            min2 = Vector128.Min(min2, acc2);
            min3 = Vector128.Min(min3, acc3);
        }

        Span<float> lanes = stackalloc float[4];
        min0.CopyTo(lanes);
        Store(best, q0, lanes);
        min1.CopyTo(lanes);
        Store(best, q0 + 1, lanes);
        min2.CopyTo(lanes);
        Store(best, q0 + 2, lanes);
        min3.CopyTo(lanes);
        Store(best, q0 + 3, lanes);
    }

    /// <summary>The scalar scan: the same sums, one reference row at a time.</summary>
    private static void ScanChunkScalar(DistanceSpace queries, DistanceSpace reference, int q0, int start, int end, float[] best)
    {
        int columns = queries.Columns, qs = queries.Stride, rs = reference.Stride;
        float[] qv = queries.Values, rv = reference.Values;
        Span<float> mins = [float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity];
        for (int i = start; i < end; i++)
        {
            for (int q = 0; q < QueryBlock; q++)
            {
                float acc = 0f;
                for (int j = 0; j < columns; j++)
                {
                    acc += MathF.Min(MathF.Abs(rv[(j * rs) + i] - qv[(j * qs) + q0 + q]), 1f);
                }

                mins[q] = MathF.Min(mins[q], acc);
            }
        }

        for (int q = 0; q < QueryBlock; q++)
        {
            Store(best, q0 + q, mins.Slice(q, 1));
        }
    }

    private static void Store(float[] best, int row, ReadOnlySpan<float> mins)
    {
        if (row < best.Length)
        {
            float m = best[row];
            foreach (float x in mins)
            {
                m = MathF.Min(m, x);
            }

            best[row] = m;
        }
    }
}
