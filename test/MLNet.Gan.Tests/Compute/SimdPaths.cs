using System.Runtime.Intrinsics;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Tests.Compute;

/// <summary>Forces the compute kernels onto each SIMD path this machine can run (AVX-512, AVX2, 128-bit, scalar).</summary>
internal static class SimdPaths
{
    /// <summary>The paths this machine runs, widest first, scalar last.</summary>
    public static IEnumerable<SimdPath> Runnable()
    {
        if (Vector512.IsHardwareAccelerated)
        {
            yield return SimdPath.Vector512;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            yield return SimdPath.Vector256;
        }

        if (Vector128.IsHardwareAccelerated)
        {
            yield return SimdPath.Vector128;
        }

        yield return SimdPath.Scalar;
    }

    /// <summary>Runs <paramref name="run"/> with the kernels forced onto <paramref name="path"/>.</summary>
    public static T On<T>(SimdPath path, Func<T> run)
    {
        var previous = ComputeSettings.WantedPath;
        try
        {
            ComputeSettings.WantedPath = path;
            if (path != SimdPath.Best)
            {
                Assert.AreEqual(path, ComputeSettings.Path, "the forced path is the one that runs");
            }

            return run();
        }
        finally
        {
            ComputeSettings.WantedPath = previous;
        }
    }

    /// <summary>Runs <paramref name="run"/> on <paramref name="path"/>.</summary>
    public static void On(SimdPath path, Action run) => On(path, () =>
    {
        run();
        return 0;
    });
}
