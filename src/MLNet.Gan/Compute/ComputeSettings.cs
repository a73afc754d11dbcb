namespace MLNet.Gan.Compute;

/// <summary>
/// Process-wide compute settings. Results are bit-identical whatever <see cref="Threads"/> is: the
/// thread count changes who computes an output, never the order of the sums that make it.
/// </summary>
public static class ComputeSettings
{
    private static int _threads = Environment.ProcessorCount;

    /// <summary>Threads used by GEMM and other parallel kernels. Default: <see cref="Environment.ProcessorCount"/>.</summary>
    public static int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _threads = Math.Min(value, 256);
        }
    }

    /// <summary>The SIMD width GEMM uses; tests force narrower paths to check them on this machine.</summary>
    internal static SimdPath GemmPath { get; set; } = SimdPath.Best;
}

/// <summary>Which instruction set a kernel uses.</summary>
internal enum SimdPath
{
    /// <summary>The widest the hardware accelerates.</summary>
    Best,

    /// <summary>AVX-512 (16 floats).</summary>
    Vector512,

    /// <summary>AVX2 (8 floats).</summary>
    Vector256,

    /// <summary>Plain scalar loops: the readable reference.</summary>
    Scalar,
}
