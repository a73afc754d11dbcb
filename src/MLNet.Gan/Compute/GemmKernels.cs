using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLNet.Gan.Compute;

/// <summary>The inner loops of <see cref="Gemm"/>: register-blocked tiles, dot products, axpy rows.</summary>
internal static unsafe partial class GemmKernels
{
    public const int Mr512 = 10, Nr512 = 32;
    public const int Mr256 = 6, Nr256 = 16;
    public const int Mr256Few = 5; // AVX2 panels for products of few rows that 5 divides and 6 does not (GemmJob)
    public const int Mr128 = 6, Nr128 = 8;
    public const int MrScalar = 4, NrScalar = 4;

    /// <summary>
    /// One MR×NR tile of C from a packed A panel of <paramref name="mr"/> rows (the path's MR, or
    /// <see cref="Mr256Few"/> on AVX2) and a k-major B panel of stride <paramref name="ldb"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(SimdPath path, int mr, float* a, float* b, nint ldb, int kc, float* c, nint ldc, bool addToC)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                Tile10x32(a, b, ldb, kc, c, ldc, addToC);
                break;
            case SimdPath.Vector256 when mr == Mr256Few:
                Tile5x16(a, b, ldb, kc, c, ldc, addToC);
                break;
            case SimdPath.Vector256:
                Tile6x16(a, b, ldb, kc, c, ldc, addToC);
                break;
            case SimdPath.Vector128:
                Tile6x8(a, b, ldb, kc, c, ldc, addToC);
                break;
            default:
                TileScalar(a, b, ldb, kc, c, ldc, addToC);
                break;
        }
    }

    /// <summary>
    /// <see cref="Tile"/> with A's MR rows read where they lie (row r at <paramref name="a"/> + r·<paramref name="lda"/>,
    /// k contiguous) instead of packed: the same FMAs in the same order, so the same results. For products of few rows,
    /// whose parts would each pack all of A (vector paths only).
    /// </summary>
    public static void TileRows(SimdPath path, int mr, float* a, nint lda, float* b, nint ldb, int kc, float* c, nint ldc, bool addToC)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                Tile10x32Rows(a, lda, b, ldb, kc, c, ldc, addToC);
                break;
            case SimdPath.Vector256 when mr == Mr256Few:
                Tile5x16Rows(a, lda, b, ldb, kc, c, ldc, addToC);
                break;
            case SimdPath.Vector256:
                Tile6x16Rows(a, lda, b, ldb, kc, c, ldc, addToC);
                break;
            case SimdPath.Vector128:
                Tile6x8Rows(a, lda, b, ldb, kc, c, ldc, addToC);
                break;
            default:
                throw new InvalidOperationException("A is read in place only on the vector paths.");
        }
    }

    /// <summary>The scalar reference tile, 4×4: what the vector kernels compute, written plainly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileScalar(float* a, float* b, nint ldb, int kc, float* c, nint ldc, bool addToC)
    {
        float* acc = stackalloc float[MrScalar * NrScalar];
        new Span<float>(acc, MrScalar * NrScalar).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < MrScalar; r++)
            {
                for (int j = 0; j < NrScalar; j++)
                {
                    acc[(r * NrScalar) + j] = MathF.FusedMultiplyAdd(a[r], b[j], acc[(r * NrScalar) + j]);
                }
            }

            a += MrScalar;
            b += ldb;
        }

        MergeTile(acc, NrScalar, c, ldc, MrScalar, NrScalar, addToC);
    }

    /// <summary>Writes (or adds) the valid mr×nr corner of a computed tile into C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MergeTile(float* tile, nint ldt, float* c, nint ldc, int mr, int nr, bool addToC)
    {
        for (int r = 0; r < mr; r++)
        {
            float* t = tile + (r * ldt);
            float* d = c + (r * ldc);
            if (addToC)
            {
                for (int j = 0; j < nr; j++)
                {
                    d[j] += t[j];
                }
            }
            else
            {
                new ReadOnlySpan<float>(t, nr).CopyTo(new Span<float>(d, nr));
            }
        }
    }

    /// <summary>C[i, j] (+)= dot(A row i, Bt row j) for rows [i0, i1); A is M×K, Bt is N×K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotRows(SimdPath path, float* a, float* bt, float* c, int i0, int i1, int n, int k, bool accumulate)
    {
        for (int i = i0; i < i1; i++)
        {
            float* aRow = a + ((nint)i * k);
            for (int j = 0; j < n; j++)
            {
                float v = Dot(path, aRow, bt + ((nint)j * k), k);
                float* d = c + ((nint)i * n) + j;
                *d = accumulate ? *d + v : v;
            }
        }
    }

    /// <summary>Dot product with a fixed summation order for a given path (lane sums, then lanes in order, then the tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(SimdPath path, float* x, float* y, int length)
    {
        int i = 0;
        float sum = 0f;
        if (path == SimdPath.Vector512 && length >= 32)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            for (; i <= length - 32; i += 32)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + i), Vector512.Load(y + i), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Load(x + i + 16), Vector512.Load(y + i + 16), s1);
            }

            sum = Vector512.Sum(s0 + s1);
        }
        else if (path == SimdPath.Vector256 && length >= 16)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            for (; i <= length - 16; i += 16)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(x + i), Vector256.Load(y + i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(x + i + 8), Vector256.Load(y + i + 8), s1);
            }

            sum = Vector256.Sum(s0 + s1);
        }
        else if (path == SimdPath.Vector128 && length >= 8)
        {
            var s0 = Vector128<float>.Zero;
            var s1 = Vector128<float>.Zero;
            for (; i <= length - 8; i += 8)
            {
                s0 = Vector128.FusedMultiplyAdd(Vector128.Load(x + i), Vector128.Load(y + i), s0);
                s1 = Vector128.FusedMultiplyAdd(Vector128.Load(x + i + 4), Vector128.Load(y + i + 4), s1);
            }

            sum = Vector128.Sum(s0 + s1);
        }

        for (; i < length; i++)
        {
            sum = MathF.FusedMultiplyAdd(x[i], y[i], sum);
        }

        return sum;
    }

    /// <summary>
    /// For Aᵀ·B with A K×M and few output columns: ct (N×width) = Σ_p B[p, j] · A[p, i0:i0+width],
    /// streaming each A row once and vectorising along M.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AxpyColumns(SimdPath path, float* a, float* b, float* ct, int m, int n, int k, int i0, int width, bool transB)
    {
        new Span<float>(ct, n * width).Clear();
        for (int p = 0; p < k; p++)
        {
            float* aRow = a + ((nint)p * m) + i0;
            for (int j = 0; j < n; j++)
            {
                float bv = transB ? b[((nint)j * k) + p] : b[((nint)p * n) + j];
                Axpy(path, bv, aRow, ct + ((nint)j * width), width);
            }
        }
    }

    /// <summary>y += alpha · x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(SimdPath path, float alpha, float* x, float* y, int length)
    {
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            var va = Vector512.Create(alpha);
            for (; i <= length - 16; i += 16)
            {
                Vector512.Store(Vector512.FusedMultiplyAdd(va, Vector512.Load(x + i), Vector512.Load(y + i)), y + i);
            }
        }
        else if (path == SimdPath.Vector256)
        {
            var va = Vector256.Create(alpha);
            for (; i <= length - 8; i += 8)
            {
                Vector256.Store(Vector256.FusedMultiplyAdd(va, Vector256.Load(x + i), Vector256.Load(y + i)), y + i);
            }
        }
        else if (path == SimdPath.Vector128)
        {
            var va = Vector128.Create(alpha);
            for (; i <= length - 4; i += 4)
            {
                Vector128.Store(Vector128.FusedMultiplyAdd(va, Vector128.Load(x + i), Vector128.Load(y + i)), y + i);
            }
        }

        for (; i < length; i++)
        {
            y[i] = MathF.FusedMultiplyAdd(alpha, x[i], y[i]);
        }
    }
}
