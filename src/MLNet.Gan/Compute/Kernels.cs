using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace MLNet.Gan.Compute;

/// <summary>
/// Element-wise kernels, row and column reductions, softmax and log-sum-exp over row-major data.
/// Every reduction has a fixed summation order (rows in order, lanes in order), so results do not
/// depend on thread count. Element-wise maps use <see cref="TensorPrimitives"/> (SIMD).
/// </summary>
internal static class Kernels
{
    /// <summary>y += x.</summary>
    public static void Add(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Add(y, x, y);

    /// <summary>y = alpha · y.</summary>
    public static void Scale(Span<float> y, float alpha) => TensorPrimitives.Multiply(y, alpha, y);

    /// <summary>y += alpha · x.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.MultiplyAdd(x, alpha, y, y);

    /// <summary>y = x + bias for each row of a rows × bias.Length matrix.</summary>
    public static void AddRowVector(Span<float> y, ReadOnlySpan<float> bias, int rows)
    {
        int cols = bias.Length;
        for (int r = 0; r < rows; r++)
        {
            var row = y.Slice(r * cols, cols);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>sums[c] (+)= Σ_r x[r, c]: rows added in order, vectorised across columns.</summary>
    public static void ColumnSums(ReadOnlySpan<float> x, int rows, Span<float> sums, bool accumulate = false)
        => ColumnSums(x, rows, sums.Length, sums, accumulate);

    /// <summary>The same over the first sums.Length columns of rows <paramref name="stride"/> apart (a column range of a wider matrix).</summary>
    public static void ColumnSums(ReadOnlySpan<float> x, int rows, int stride, Span<float> sums, bool accumulate)
    {
        int cols = sums.Length;
        if (!accumulate)
        {
            sums.Clear();
        }

        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(sums, x.Slice(r * stride, cols), sums);
        }
    }

    /// <summary>
    /// y = x ⊙ m ⊙ s with s = 1 where a &gt; 0 and <paramref name="slope"/> elsewhere: a leaky ReLU's
    /// slope (at pre-activations a) and a dropout mask applied to a gradient. Vectorised at the
    /// runtime's width with the same products in the same order, so every width gives the same values
    /// (and no branch on the sign of a, which a data-dependent loop mispredicts half the time).
    /// </summary>
    public static void MaskedLeakySlope(ReadOnlySpan<float> x, ReadOnlySpan<float> m, ReadOnlySpan<float> a, float slope, Span<float> y)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int n = System.Numerics.Vector<float>.Count;
            var one = System.Numerics.Vector<float>.One;
            var leak = new System.Numerics.Vector<float>(slope);
            for (; i <= x.Length - n; i += n)
            {
                var s = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(new System.Numerics.Vector<float>(a[i..]), System.Numerics.Vector<float>.Zero), one, leak);
                (new System.Numerics.Vector<float>(x[i..]) * new System.Numerics.Vector<float>(m[i..]) * s).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] * m[i] * (a[i] > 0f ? 1f : slope);
        }
    }

    /// <summary>sums[r] = Σ_c x[r, c].</summary>
    public static void RowSums(ReadOnlySpan<float> x, int cols, Span<float> sums)
    {
        for (int r = 0; r < sums.Length; r++)
        {
            sums[r] = Sum(x.Slice(r * cols, cols));
        }
    }

    /// <summary>
    /// Σ x with a fixed order for the SIMD path (<see cref="ComputeSettings.Path"/>): lane sums of
    /// 16, 8 or 4 lanes, the lanes added in order, then the tail; the scalar path adds left to right.
    /// </summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        int i = 0;
        float total = 0f;
        switch (ComputeSettings.Path)
        {
            case SimdPath.Vector512 when x.Length >= 16:
                var acc512 = Vector512<float>.Zero;
                for (; i <= x.Length - 16; i += 16)
                {
                    acc512 += Vector512.Create(x.Slice(i, 16));
                }

                for (int lane = 0; lane < 16; lane++)
                {
                    total += acc512[lane];
                }

                break;
            case SimdPath.Vector256 when x.Length >= 8:
                var acc256 = Vector256<float>.Zero;
                for (; i <= x.Length - 8; i += 8)
                {
                    acc256 += Vector256.Create(x.Slice(i, 8));
                }

                for (int lane = 0; lane < 8; lane++)
                {
                    total += acc256[lane];
                }

                break;
            case SimdPath.Vector128 when x.Length >= 4:
                var acc128 = Vector128<float>.Zero;
                for (; i <= x.Length - 4; i += 4)
                {
                    acc128 += Vector128.Create(x.Slice(i, 4));
                }

                for (int lane = 0; lane < 4; lane++)
                {
                    total += acc128[lane];
                }

                break;
        }

        for (; i < x.Length; i++)
        {
            total += x[i];
        }

        return total;
    }

    /// <summary>Σ x·y in double precision (for losses, where the scalar must be accurate).</summary>
    public static double DotDouble(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += (double)x[i] * y[i];
        }

        return s;
    }

    /// <summary>In-place numerically stable softmax of one segment, divided by a temperature first.</summary>
    public static void Softmax(Span<float> x, float temperature = 1f)
    {
        if (temperature != 1f)
        {
            TensorPrimitives.Multiply(x, 1f / temperature, x);
        }

        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, x);
        TensorPrimitives.Exp(x, x);
        float sum = Sum(x);
        TensorPrimitives.Multiply(x, 1f / sum, x);
    }

    /// <summary>log Σ exp x, stable for large magnitudes.</summary>
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = TensorPrimitives.Max(x);
        if (float.IsNegativeInfinity(max))
        {
            return max;
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Exp(x[i] - max);
        }

        return max + (float)Math.Log(s);
    }

    /// <summary>True when every value is finite (no NaN or ±∞).</summary>
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                return false;
            }
        }

        return true;
    }
}
