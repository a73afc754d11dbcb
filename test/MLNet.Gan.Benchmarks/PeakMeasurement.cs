using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// Derives the machine's fp32 peak from its measured clock: a chain of dependent integer adds runs
/// at one add per cycle, so adds per second is the clock. Peak = cores × clock × FLOP per cycle,
/// where FLOP per cycle comes from the FMA issue rate measured with the vectors of the SIMD path in
/// force (the widest this CPU accelerates, or what DOTNET_PreferredVectorBitWidth allows), rounded to
/// whole FMAs: one 512-bit FMA (16 lanes × 2 FLOP) per cycle on AMD Zen 4 (two 256-bit FMA pipes),
/// two 256-bit FMAs (32 FLOP) on Zen 3, two 512-bit on Intel server cores with two 512-bit units.
/// The measured register-only FMA rate on 1 and 2 threads is printed beside it as a check.
/// </summary>
internal static class PeakMeasurement
{
    /// <summary>Measures and prints; returns the derived peak in GFLOP/s on all cores.</summary>
    public static double Run()
    {
        DependentAdds(1_000_000);
        RegisterFma(1_000);
        double clock = Enumerable.Range(0, 5).Max(_ => MeasureClockGHz());
        double fma1 = Enumerable.Range(0, 3).Max(_ => MeasureFma(1));
        double fma2 = Enumerable.Range(0, 3).Max(_ => MeasureFma(Environment.ProcessorCount));
        int flopPerFma = 2 * Lanes;
        double flopPerCycle = Math.Max(1, Math.Round(fma1 / clock / flopPerFma)) * flopPerFma;
        Console.WriteLine($"cores                 {Environment.ProcessorCount}");
        Console.WriteLine($"SIMD path             {ComputeSettings.Path} ({Lanes} floats; Vector512 accelerated {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated})");
        Console.WriteLine($"clock (dependent add) {clock:F3} GHz");
        Console.WriteLine($"FMA, 1 thread         {fma1:F1} GFLOP/s = {fma1 / clock:F1} FLOP/cycle → {flopPerCycle} FLOP/cycle/core");
        Console.WriteLine($"FMA, all threads      {fma2:F1} GFLOP/s");
        Console.WriteLine($"peak                  {Environment.ProcessorCount} × {clock:F3} GHz × {flopPerCycle} = {Environment.ProcessorCount * clock * flopPerCycle:F1} GFLOP/s");
        return Environment.ProcessorCount * clock * flopPerCycle;
    }

    private static double MeasureClockGHz()
    {
        const long n = 100_000_000;
        var sw = Stopwatch.StartNew();
        DependentAdds(n);
        return 8.0 * n / sw.Elapsed.TotalSeconds / 1e9;
    }

    private static double MeasureFma(int threads)
    {
        const long n = 50_000_000;
        var sw = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads - 1).Select(_ => new Thread(() => RegisterFma(n))).ToList();
        workers.ForEach(t => t.Start());
        RegisterFma(n);
        workers.ForEach(t => t.Join());
        return threads * n * 10.0 * 2 * Lanes / sw.Elapsed.TotalSeconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long DependentAdds(long n)
    {
        long x = 0;
        for (long i = 0; i < n; i++)
        {
            x += i; x += i; x += i; x += i; x += i; x += i; x += i; x += i;
        }

        return x;
    }

    /// <summary>Floats per vector on the path in force.</summary>
    private static int Lanes => ComputeSettings.Path switch { SimdPath.Vector512 => 16, SimdPath.Vector256 => 8, SimdPath.Vector128 => 4, _ => 1 };

    private static float RegisterFma(long n) => ComputeSettings.Path switch
    {
        SimdPath.Vector512 => RegisterFma512(n),
        SimdPath.Vector256 => RegisterFma256(n),
        SimdPath.Vector128 => RegisterFma128(n),
        _ => RegisterFmaScalar(n),
    };

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float RegisterFma512(long n)
    {
        // Ten independent accumulators cover the FMA latency (4 cycles) times its issue rate (2).
        var a = Vector512.Create(1.0001f);
        var b = Vector512.Create(0.9999f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default;
        Vector512<float> c5 = default, c6 = default, c7 = default, c8 = default, c9 = default;
        for (long i = 0; i < n; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(a, b, c0); c1 = Vector512.FusedMultiplyAdd(a, b, c1);
            c2 = Vector512.FusedMultiplyAdd(a, b, c2); c3 = Vector512.FusedMultiplyAdd(a, b, c3);
            c4 = Vector512.FusedMultiplyAdd(a, b, c4); c5 = Vector512.FusedMultiplyAdd(a, b, c5);
            c6 = Vector512.FusedMultiplyAdd(a, b, c6); c7 = Vector512.FusedMultiplyAdd(a, b, c7);
            c8 = Vector512.FusedMultiplyAdd(a, b, c8); c9 = Vector512.FusedMultiplyAdd(a, b, c9);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float RegisterFma256(long n)
    {
        // Ten independent accumulators cover the FMA latency (4 cycles) times its issue rate (2).
        var a = Vector256.Create(1.0001f);
        var b = Vector256.Create(0.9999f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default;
        Vector256<float> c5 = default, c6 = default, c7 = default, c8 = default, c9 = default;
        for (long i = 0; i < n; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(a, b, c0); c1 = Vector256.FusedMultiplyAdd(a, b, c1);
            c2 = Vector256.FusedMultiplyAdd(a, b, c2); c3 = Vector256.FusedMultiplyAdd(a, b, c3);
            c4 = Vector256.FusedMultiplyAdd(a, b, c4); c5 = Vector256.FusedMultiplyAdd(a, b, c5);
            c6 = Vector256.FusedMultiplyAdd(a, b, c6); c7 = Vector256.FusedMultiplyAdd(a, b, c7);
            c8 = Vector256.FusedMultiplyAdd(a, b, c8); c9 = Vector256.FusedMultiplyAdd(a, b, c9);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float RegisterFma128(long n)
    {
        // Ten independent accumulators cover the FMA latency (4 cycles) times its issue rate (2).
        var a = Vector128.Create(1.0001f);
        var b = Vector128.Create(0.9999f);
        Vector128<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default;
        Vector128<float> c5 = default, c6 = default, c7 = default, c8 = default, c9 = default;
        for (long i = 0; i < n; i++)
        {
            c0 = Vector128.FusedMultiplyAdd(a, b, c0); c1 = Vector128.FusedMultiplyAdd(a, b, c1);
            c2 = Vector128.FusedMultiplyAdd(a, b, c2); c3 = Vector128.FusedMultiplyAdd(a, b, c3);
            c4 = Vector128.FusedMultiplyAdd(a, b, c4); c5 = Vector128.FusedMultiplyAdd(a, b, c5);
            c6 = Vector128.FusedMultiplyAdd(a, b, c6); c7 = Vector128.FusedMultiplyAdd(a, b, c7);
            c8 = Vector128.FusedMultiplyAdd(a, b, c8); c9 = Vector128.FusedMultiplyAdd(a, b, c9);
        }

        return Vector128.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float RegisterFmaScalar(long n)
    {
        float a = 1.0001f, b = 0.9999f;
        float c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0, c8 = 0, c9 = 0;
        for (long i = 0; i < n; i++)
        {
            c0 = MathF.FusedMultiplyAdd(a, b, c0); c1 = MathF.FusedMultiplyAdd(a, b, c1);
            c2 = MathF.FusedMultiplyAdd(a, b, c2); c3 = MathF.FusedMultiplyAdd(a, b, c3);
            c4 = MathF.FusedMultiplyAdd(a, b, c4); c5 = MathF.FusedMultiplyAdd(a, b, c5);
            c6 = MathF.FusedMultiplyAdd(a, b, c6); c7 = MathF.FusedMultiplyAdd(a, b, c7);
            c8 = MathF.FusedMultiplyAdd(a, b, c8); c9 = MathF.FusedMultiplyAdd(a, b, c9);
        }

        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9;
    }
}
