using System.Runtime.CompilerServices;
namespace MLNet.Gan.Compute;

/// <summary>Copies GEMM operands into the layouts the micro-kernels stream through.</summary>
internal static unsafe class GemmPacking
{
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
                // A is M×K: each row is contiguous along k; scatter it with stride MR.
                for (int r = 0; r < rows; r++)
                {
                    float* src = a + ((nint)(ic + p + r) * k) + pc;
                    for (int kk = 0; kk < kc; kk++)
                    {
                        panel[((nint)kk * mr) + r] = src[kk];
                    }
                }
            }
            else
            {
                // A is K×M: the MR values of one k are already contiguous.
                for (int kk = 0; kk < kc; kk++)
                {
                    float* src = a + ((nint)(pc + kk) * m) + ic + p;
                    float* d = panel + ((nint)kk * mr);
                    for (int r = 0; r < rows; r++)
                    {
                        d[r] = src[r];
                    }
                }
            }

            if (rows < mr)
            {
                for (int kk = 0; kk < kc; kk++)
                {
                    for (int r = rows; r < mr; r++)
                    {
                        panel[((nint)kk * mr) + r] = 0f;
                    }
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
                float* src = b + ((nint)(pc + kk) * n) + jc;
                float* d = dst + ((nint)kk * nrFull);
                int j = 0;
                for (; j < nr; j++)
                {
                    d[j] = src[j];
                }

                for (; j < nrFull; j++)
                {
                    d[j] = 0f;
                }
            }

            return;
        }

        // B is N×K: each column of op(B) is a contiguous row of B. Read nr rows as parallel
        // streams and write each packed k-row contiguously (scattered writes were 2× slower).
        float** rows = stackalloc float*[nrFull];
        for (int j = 0; j < nr; j++)
        {
            rows[j] = b + ((nint)(jc + j) * k) + pc;
        }

        for (int kk = 0; kk < kc; kk++)
        {
            float* d = dst + ((nint)kk * nrFull);
            int j = 0;
            for (; j < nr; j++)
            {
                d[j] = rows[j][kk];
            }

            for (; j < nrFull; j++)
            {
                d[j] = 0f;
            }
        }
    }

    /// <summary>dst (cols×rows) = srcᵀ for a rows×cols source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(float* src, int rows, int cols, float* dst)
    {
        for (int r = 0; r < rows; r++)
        {
            float* s = src + ((nint)r * cols);
            for (int c = 0; c < cols; c++)
            {
                dst[((nint)c * rows) + r] = s[c];
            }
        }
    }
}
