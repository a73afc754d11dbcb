using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLNet.Gan.Compute;

/// <summary>
/// Single-precision matrix multiplication in the three shapes training needs, row-major:
/// <list type="bullet">
/// <item><see cref="MatMul"/>: C(M×N) = A(M×K) · B(K×N) — a Linear layer's forward pass;</item>
/// <item><see cref="MatMulTransA"/>: C(M×N) = A(K×M)ᵀ · B(K×N) — its weight gradient;</item>
/// <item><see cref="MatMulTransB"/>: C(M×N) = A(M×K) · B(N×K)ᵀ — its input gradient.</item>
/// </list>
/// Each can add into C instead of overwriting it. Most of the running time of training is spent here.
/// </summary>
/// <remarks>
/// The design follows BLIS: A is packed into MR-row panels (k-major) — except at most 64 rows of a row-major A,
/// which the micro-kernel reads in place (split by columns, each thread would pack all of them) — B is read in place when it is
/// already k-major or packed into NR-column panels otherwise, and a register-blocked micro-kernel
/// keeps an MR×NR tile of C in vector registers (10×32 with AVX-512, 6×16 with AVX2 — 5×16 for at most 64 rows that 5 divides and 6 does not — and 6×8 with 128-bit vectors). Threads own
/// disjoint ranges of output panels (rows or columns, whichever costs a part less in multiply-adds and packing)
/// and every output is summed over k in the same order (K blocks in ascending order, FMA within a block), so
/// results are bit-identical for any thread count. A row-major A of at most 64 rows with K ≥ 1,024 is summed in
/// two halves of K, one per thread, added at the end, on one thread too.
/// Narrow outputs (N below a quarter of a panel) take a dot-product or axpy path instead of padding.
/// </remarks>
internal unsafe class Gemm
{
    /// <summary>C (+)= A·B with A M×K, B K×N, C M×N (all row-major, densely packed).</summary>
    public static void MatMul(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
        => Run(a, b, c, m, n, k, transA: false, transB: false, accumulate);

    /// <summary>C (+)= Aᵀ·B with A K×M, B K×N, C M×N.</summary>
    public static void MatMulTransA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
        => Run(a, b, c, m, n, k, transA: true, transB: false, accumulate);

    /// <summary>C (+)= A·Bᵀ with A M×K, B N×K, C M×N.</summary>
    public static void MatMulTransB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate = false)
        => Run(a, b, c, m, n, k, transA: false, transB: true, accumulate);

    /// <summary>General entry: C (+)= op(A)·op(B).</summary>
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException($"GEMM buffers too small for M={m}, N={n}, K={k}: A has {a.Length}, B {b.Length}, C {c.Length} values.");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            return;
        }

        var job = GemmJob.ForThisThread;
        fixed (float* pa = a, pb = b, pc = c)
        {
            job.Configure(pa, pb, pc, m, n, k, transA, transB, accumulate, ResolvePath());
            long flops = 2L * m * n * k;
            int parts = flops < 2_000_000 ? 1 : WorkerPool.Shared.ThreadCount;
            if (parts == 1)
            {
                job.Execute(0, 1);
            }
            else
            {
                WorkerPool.Shared.Run(job, parts);
            }

            job.AddSecondHalf();
        }
    }

    internal static SimdPath ResolvePath() => ComputeSettings.Path;

    /// <summary>The naive triple loop in double precision: the reference that tests and benchmarks compare against.</summary>
    internal static void Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[(i * n) + j] : 0.0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[(p * m) + i] : a[(i * k) + p];
                    float bv = transB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += (double)av * bv;
                }

                c[(i * n) + j] = (float)sum;
            }
        }
    }

    /// <summary>The naive triple loop in single precision, i-k-j order (what a hand-written loop would do).</summary>
    internal static void NaiveSingle(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool transA, bool transB)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * n, n);
            row.Clear();
            for (int p = 0; p < k; p++)
            {
                float av = transA ? a[(p * m) + i] : a[(i * k) + p];
                for (int j = 0; j < n; j++)
                {
                    row[j] += av * (transB ? b[(j * k) + p] : b[(p * n) + j]);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CeilDiv(int x, int y) => (x + y - 1) / y;
}
