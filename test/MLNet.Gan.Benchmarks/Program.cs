using BenchmarkDotNet.Running;
using MLNet.Gan.Benchmarks;

// Usage: MLNet.Gan.Benchmarks [peak | encoder | gemm | mlp | BenchmarkDotNet arguments]
// "peak" measures the clock and FMA throughput of this machine, "encoder" times the table encoder
// on the benchmark datasets; gemm and mlp run BenchmarkDotNet.
if (args.Length > 0 && args[0] == "peak")
{
    PeakMeasurement.Run();
    return 0;
}

if (args.Length > 0 && args[0] == "encoder")
{
    EncoderBenchmark.Run();
    return 0;
}

var filter = args.Length > 0 && args[0] is "gemm" or "mlp"
    ? new[] { "--filter", args[0] == "gemm" ? "*Gemm*" : "*Mlp*" }.Concat(args.Skip(1)).ToArray()
    : args;
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(filter);
return 0;
