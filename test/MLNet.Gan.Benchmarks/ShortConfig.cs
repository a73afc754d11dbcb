using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// Short runs (2 warm-ups, 5 measured iterations of 100 ms), in process (no generated project to restore and
/// build): the suite fits in minutes on 2 cores.
/// </summary>
public sealed class ShortConfig : ManualConfig
{
    public ShortConfig()
    {
        AddJob(Job.Default
            .WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithEvaluateOverhead(false) // every measured call takes microseconds or more: call overhead is noise
            .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
