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

    /// <summary>
    /// The widest SIMD path every vector kernel (GEMM, sums, Adam, nearest neighbours) may use; the
    /// hardware's best by default. Tests force narrower paths to check each on this machine; the
    /// runtime's own limit (<c>DOTNET_PreferredVectorBitWidth</c>) narrows <see cref="Path"/> too.
    /// </summary>
    internal static SimdPath WantedPath { get; set; } = SimdPath.Best;

    /// <summary>The SIMD path the kernels run: the widest the hardware accelerates (and <c>DOTNET_PreferredVectorBitWidth</c> allows). Benchmarks report it beside their timings.</summary>
    public static SimdPath Path
    {
        get
        {
            var wanted = WantedPath;
            if (wanted is SimdPath.Best or SimdPath.Vector512 && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            {
                return SimdPath.Vector512;
            }

            if (wanted is SimdPath.Best or SimdPath.Vector512 or SimdPath.Vector256 && System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            {
                return SimdPath.Vector256;
            }

            return wanted != SimdPath.Scalar && System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? SimdPath.Vector128 : SimdPath.Scalar;
        }
    }
}

/// <summary>Which instruction set a kernel uses.</summary>
public enum SimdPath
{
    /// <summary>The widest the hardware accelerates.</summary>
    Best,

    /// <summary>AVX-512 (16 floats).</summary>
    Vector512,

    /// <summary>AVX2 (8 floats).</summary>
    Vector256,

    /// <summary>SSE / Arm64 AdvSIMD (4 floats): Arm servers and Apple silicon.</summary>
    Vector128,

    /// <summary>Plain scalar loops: the readable reference.</summary>
    Scalar,
}
