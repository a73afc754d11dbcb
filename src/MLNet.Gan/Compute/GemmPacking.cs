using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.Gan.Compute;

/// <summary>
/// Copies GEMM operands into the layouts the micro-kernels stream through. Packing moves data only, so
/// its vector paths change no result; they matter where a packed element is used by few multiplications
/// (the packed critic: 50 rows against 3,650 inputs), where scalar packing took as long as the
/// multiplication itself. Copies use the widest accelerated vectors; transposing packs (a row-major
/// A, a transposed B) go through 8×8 AVX transposes when 256-bit vectors are in force, and plain loops
/// otherwise.
/// </summary>
internal static unsafe class GemmPacking
{
    private static bool Transposes8x8 => Vector256.IsHardwareAccelerated && Avx.IsSupported;

    /// <summary>
    /// Packs rows [ic, ic+mc) × k-range [pc, pc+kc) of op(A) into MR-row panels: panel p holds, for
    /// each k, its MR values side by side (rows past the edge are zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, int m, int k, bool transA, int ic, int mc, int pc, int kc, int mr, float* dst)
    {
        for (int p = 0; p < mc; p += mr)
        {
            float* panel = dst + ((nint)p * kc);
            int rows = Math.Min(mr, mc - p);
            if (!transA)
            {
                // A is M×K: each row is contiguous along k; the panel is the transpose of rows × kc.
                Transpose(a + ((nint)(ic + p) * k) + pc, k, rows, kc, panel, mr);
            }
            else if (rows == mr && RoundedCopyWidth(mr) is > 0 and int width && ic + p + width <= m)
            {
                // A is K×M: the MR values of one k are already contiguous. One vector per k, a little wider
                // than MR: the next k's copy overwrites the overflow (the last one's falls on the next panel,
                // packed afterwards, or on the buffer's slack), which is a third of the work of an exact copy
                CopyRowsRounded(a + ((nint)pc * m) + ic + p, m, panel, mr, kc, width);
            }
            else
            {
                for (int kk = 0; kk < kc; kk++)
                {
                    Copy(a + ((nint)(pc + kk) * m) + ic + p, panel + ((nint)kk * mr), rows);
                }
            }

            if (rows < mr)
            {
                for (int kk = 0; kk < kc; kk++)
                {
                    new Span<float>(panel + ((nint)kk * mr) + rows, mr - rows).Clear();
                }
            }
        }
    }

    /// <summary>
    /// Packs columns [jc, jc+nr) × k-range [pc, pc+kc) of op(B) into one k-major panel of width NR
    /// (columns past the edge are zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, int n, int k, bool transB, int pc, int kc, int jc, int nr, int nrFull, float* dst)
    {
        if (!transB)
        {
            for (int kk = 0; kk < kc; kk++)
            {
                Copy(b + ((nint)(pc + kk) * n) + jc, dst + ((nint)kk * nrFull), nr);
            }
        }
        else
        {
            // B is N×K: each column of op(B) is a contiguous row of B; the panel is the transpose of nr × kc.
            Transpose(b + ((nint)jc * k) + pc, k, nr, kc, dst, nrFull);
        }

        if (nr < nrFull)
        {
            for (int kk = 0; kk < kc; kk++)
            {
                new Span<float>(dst + ((nint)kk * nrFull) + nr, nrFull - nr).Clear();
            }
        }
    }

    /// <summary>dst (cols×rows) = srcᵀ for a rows×cols source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(float* src, int rows, int cols, float* dst) => Transpose(src, cols, rows, cols, dst, rows);

    /// <summary>
    /// dst[c·ldd + r] = src[r·lds + c] for r &lt; rows, c &lt; cols: a rows × cols block (rows ≤ ldd) written
    /// column by column. Only the first <paramref name="rows"/> values of each destination row are written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(float* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        if (!Transposes8x8)
        {
            TransposeScalar(src, lds, rows, cols, dst, ldd);
            return;
        }

        // blocks of 8 rows; a last block of fewer (AVX2's 6-row panels, edges) reads zeros for the
        // missing rows and stores only its own lanes
        for (int r0 = 0; r0 < rows; r0 += 8)
        {
            int block = Math.Min(8, rows - r0);
            int c0 = 0;
            for (; c0 + 8 <= cols; c0 += 8)
            {
                if (block == 8)
                {
                    Transpose8x8(src + (r0 * lds) + c0, lds, dst + (c0 * ldd) + r0, ldd);
                }
                else
                {
                    Transpose8x8(src + (r0 * lds) + c0, lds, block, dst + (c0 * ldd) + r0, ldd);
                }
            }

            TransposeScalar(src + (r0 * lds) + c0, lds, block, cols - c0, dst + (c0 * ldd) + r0, ldd);
        }
    }

    private static void TransposeScalar(float* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        // read along rows (contiguous), write each value to its column: the stride falls on the writes
        for (int r = 0; r < rows; r++)
        {
            float* s = src + (r * lds);
            for (int c = 0; c < cols; c++)
            {
                dst[(c * ldd) + r] = s[c];
            }
        }
    }

    /// <summary>The classic 8×8 transpose in AVX registers: unpack pairs, shuffle quads, swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, nint lds, float* d, nint ldd)
    {
        Transpose8x8(
            Avx.LoadVector256(s), Avx.LoadVector256(s + lds), Avx.LoadVector256(s + (2 * lds)), Avx.LoadVector256(s + (3 * lds)),
            Avx.LoadVector256(s + (4 * lds)), Avx.LoadVector256(s + (5 * lds)), Avx.LoadVector256(s + (6 * lds)), Avx.LoadVector256(s + (7 * lds)),
            out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
        Avx.Store(d, o0);
        Avx.Store(d + ldd, o1);
        Avx.Store(d + (2 * ldd), o2);
        Avx.Store(d + (3 * ldd), o3);
        Avx.Store(d + (4 * ldd), o4);
        Avx.Store(d + (5 * ldd), o5);
        Avx.Store(d + (6 * ldd), o6);
        Avx.Store(d + (7 * ldd), o7);
    }

    /// <summary>The 8×8 transpose of <paramref name="rows"/> (&lt; 8) rows: absent rows are zeros, and only their lanes are stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, nint lds, int rows, float* d, nint ldd)
    {
        var zero = Vector256<float>.Zero;
        Transpose8x8(
            Avx.LoadVector256(s), rows > 1 ? Avx.LoadVector256(s + lds) : zero, rows > 2 ? Avx.LoadVector256(s + (2 * lds)) : zero, rows > 3 ? Avx.LoadVector256(s + (3 * lds)) : zero,
            rows > 4 ? Avx.LoadVector256(s + (4 * lds)) : zero, rows > 5 ? Avx.LoadVector256(s + (5 * lds)) : zero, rows > 6 ? Avx.LoadVector256(s + (6 * lds)) : zero, zero,
            out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
        var mask = Vector256.LessThan(Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f), Vector256.Create((float)rows));
        Avx.MaskStore(d, mask, o0);
        Avx.MaskStore(d + ldd, mask, o1);
        Avx.MaskStore(d + (2 * ldd), mask, o2);
        Avx.MaskStore(d + (3 * ldd), mask, o3);
        Avx.MaskStore(d + (4 * ldd), mask, o4);
        Avx.MaskStore(d + (5 * ldd), mask, o5);
        Avx.MaskStore(d + (6 * ldd), mask, o6);
        Avx.MaskStore(d + (7 * ldd), mask, o7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3,
        out Vector256<float> o4, out Vector256<float> o5, out Vector256<float> o6, out Vector256<float> o7)
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var q0 = Avx.Shuffle(t0, t2, 0x44);
        var q1 = Avx.Shuffle(t0, t2, 0xEE);
        var q2 = Avx.Shuffle(t1, t3, 0x44);
        var q3 = Avx.Shuffle(t1, t3, 0xEE);
        var q4 = Avx.Shuffle(t4, t6, 0x44);
        var q5 = Avx.Shuffle(t4, t6, 0xEE);
        var q6 = Avx.Shuffle(t5, t7, 0x44);
        var q7 = Avx.Shuffle(t5, t7, 0xEE);
        o0 = Avx.Permute2x128(q0, q4, 0x20);
        o1 = Avx.Permute2x128(q1, q5, 0x20);
        o2 = Avx.Permute2x128(q2, q6, 0x20);
        o3 = Avx.Permute2x128(q3, q7, 0x20);
        o4 = Avx.Permute2x128(q0, q4, 0x31);
        o5 = Avx.Permute2x128(q1, q5, 0x31);
        o6 = Avx.Permute2x128(q2, q6, 0x31);
        o7 = Avx.Permute2x128(q3, q7, 0x31);
    }

    /// <summary>Floats past the end of a packed A block that <see cref="PackA"/> may overwrite.</summary>
    public const int PackSlack = 16;

    /// <summary>How many floats <see cref="CopyRowsRounded"/> moves per row for <paramref name="count"/> wanted (0: no vector fits).</summary>
    private static int RoundedCopyWidth(int count) => count switch
    {
        <= 16 when count > 8 && Vector512.IsHardwareAccelerated => 16,
        <= 8 when count > 4 && Vector256.IsHardwareAccelerated => 8,
        <= 8 when count > 4 && Vector128.IsHardwareAccelerated => 8,
        <= 4 when Vector128.IsHardwareAccelerated => 4,
        _ => 0,
    };

    /// <summary>
    /// dst[r·count .. r·count + width) = src[r·lds .. r·lds + width) for r &lt; rows, in ascending r, with
    /// <paramref name="width"/> = <see cref="RoundedCopyWidth"/>(<paramref name="count"/>): each row's first
    /// <paramref name="count"/> values end up exact, and the last row writes up to <see cref="PackSlack"/>
    /// floats past dst[rows·count].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRowsRounded(float* src, nint lds, float* dst, int count, int rows, int width)
    {
        switch (width)
        {
            case 16:
                for (int r = 0; r < rows; r++, src += lds, dst += count)
                {
                    Vector512.Store(Vector512.Load(src), dst);
                }

                break;
            case 8 when Vector256.IsHardwareAccelerated:
                for (int r = 0; r < rows; r++, src += lds, dst += count)
                {
                    Vector256.Store(Vector256.Load(src), dst);
                }

                break;
            case 8:
                for (int r = 0; r < rows; r++, src += lds, dst += count)
                {
                    Vector128.Store(Vector128.Load(src), dst);
                    Vector128.Store(Vector128.Load(src + 4), dst + 4);
                }

                break;
            default:
                for (int r = 0; r < rows; r++, src += lds, dst += count)
                {
                    Vector128.Store(Vector128.Load(src), dst);
                }

                break;
        }
    }

    /// <summary>Copies <paramref name="count"/> floats with the widest vectors in force.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 16 <= count; j += 16)
            {
                Vector512.Store(Vector512.Load(src + j), dst + j);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= count; j += 8)
            {
                Vector256.Store(Vector256.Load(src + j), dst + j);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; j + 4 <= count; j += 4)
            {
                Vector128.Store(Vector128.Load(src + j), dst + j);
            }
        }

        for (; j < count; j++)
        {
            dst[j] = src[j];
        }
    }
}
