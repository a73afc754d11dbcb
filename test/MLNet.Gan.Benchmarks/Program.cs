using BenchmarkDotNet.Running;
using MLNet.Gan.Benchmarks;

// Usage: MLNet.Gan.Benchmarks [peak | path [--no-engines] | shape M N K [a|at] [b|bt] | cardinality | formats | encoder | engines | series [steps] | series-seeds sp500|eu FIRST LAST [CHECKPOINT-PATHS] | series-backtest FIRST LAST | series-refit SEED EVERY DIR [THREADS] | series-fhs FIRST LAST DIR [THREADS] | onnx | anomaly | anomaly-critic | dcgan-digits [EPOCHS] [SEED] [LOSS] | dcgan-steps [SIDE] [STEPS] [LOSS] | dcgan-fashion [EPOCHS] [SEED] [MODEL|-] [LOSS] | few-images [DIGIT] [FIRST] [LAST] [EPOCHS] [LOSS] [N,N,…] | dcgan-torch [STEPS] [ROUNDS] | fidelity [taiwan|frauds|tvae|engines] | audit | --json OUT.json | gemm | mlp | BenchmarkDotNet arguments]
// "peak" measures the clock and FMA throughput of this machine, "encoder" times the table encoder
// on the benchmark datasets, "--json OUT.json" measures training and sampling throughput (one child
// process per dataset); gemm and mlp run BenchmarkDotNet.
if (args.Length > 0 && args[0] == "peak")
{
    PeakMeasurement.Run();
    return 0;
}

if (args.Length > 2 && args[0] == "export-encoded")
{
    PyTorchPeer.Export(args[1], args[2]);
    return 0;
}

if (args.Length > 1 && args[0] == "train-ctgan")
{
    PyTorchPeer.Train(args[1]);
    return 0;
}

if (args.Length > 0 && args[0] == "formats")
{
    FormatBenchmark.Run();
    return 0;
}

if (args.Length > 0 && args[0] == "cardinality")
{
    CardinalityBenchmark.Run();
    return 0;
}

if (args.Length > 0 && args[0] == "shape")
{
    PathBenchmark.Shape(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "path")
{
    PathBenchmark.Run(args.Length > 1 && args[1] == "--no-engines");
    return 0;
}

if (args.Length > 1 && args[0] == "--json")
{
    TrainingBenchmark.RunAll(args[1]);
    return 0;
}

if (args.Length > 1 && args[0] == "train-one")
{
    TrainingBenchmark.RunOne(args[1]);
    return 0;
}

if (args.Length > 3 && args[0] == "series-seeds")
{
    SeriesSeedsBenchmark.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : new MLNet.Gan.Sequences.SeriesGanOptions().CheckpointPaths);
    return 0;
}

if (args.Length > 0 && args[0] == "dcgan-digits")
{
    ImagesBenchmark.Digits(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100,
        args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0,
        LossArgument(args, 3));
    return 0;
}

if (args.Length > 0 && args[0] == "dcgan-steps")
{
    ImagesBenchmark.Steps(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 28,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20,
        LossArgument(args, 3));
    return 0;
}

if (args.Length > 0 && args[0] == "dcgan-fashion")
{
    ImagesBenchmark.Fashion(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3,
        args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0,
        args.Length > 3 && args[3] != "-" ? args[3] : null,
        LossArgument(args, 4));
    return 0;
}

if (args.Length > 0 && args[0] == "few-images")
{
    static int Arg(string[] a, int i, int fallback) => a.Length > i ? int.Parse(a[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    FewImagesBenchmark.Run(
        digit: Arg(args, 1, 8), firstSeed: Arg(args, 2, 0), lastSeed: Arg(args, 3, 9), epochs: Arg(args, 4, 60),
        loss: LossArgument(args, 5),
        keptCounts: args.Length > 6 ? [.. args[6].Split(',').Select(k => int.Parse(k, System.Globalization.CultureInfo.InvariantCulture))] : [10, 30, 100]);
    return 0;
}

if (args.Length > 0 && args[0] == "dcgan-torch")
{
    DcganTorchPeer.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return 0;
}

if (args.Length > 0 && args[0] == "anomaly")
{
    AnomalyBenchmark.Run();
    return 0;
}

if (args.Length > 0 && args[0] == "onnx")
{
    OnnxExportBenchmark.Run();
    return 0;
}

if (args.Length > 0 && args[0] == "anomaly-critic")
{
    AnomalyCriticBenchmark.Run();
    return 0;
}

if (args.Length > 3 && args[0] == "series-refit")
{
    SeriesRefitBenchmark.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3],
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2);
    return 0;
}

if (args.Length > 3 && args[0] == "series-fhs")
{
    SeriesFilteredSimulationBenchmark.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3],
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2);
    return 0;
}

if (args.Length > 2 && args[0] == "series-backtest")
{
    SeriesBacktestBenchmark.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length > 0 && args[0] == "series")
{
    SeriesBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : new MLNet.Gan.Sequences.SeriesGanOptions().Steps);
    return 0;
}

if (args.Length > 0 && args[0] == "engines")
{
    EngineBenchmark.RunThroughput();
    return 0;
}

if (args.Length > 1 && args[0] == "fidelity" && args[1] == "engines")
{
    EngineBenchmark.RunFidelity();
    return 0;
}

if (args.Length > 0 && args[0] == "fidelity")
{
    FidelityBenchmark.Run(args.Length > 1 ? args[1] : "all");
    return 0;
}

if (args.Length > 0 && args[0] == "audit")
{
    AuditBenchmark.RunNearestNeighbours();
    AuditBenchmark.RunSanity();
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

// A benchmark's loss argument at position i (a GanLoss name, any case); least squares when it is not given.
static MLNet.Gan.Synthesizers.GanLoss LossArgument(string[] args, int i)
    => args.Length > i ? Enum.Parse<MLNet.Gan.Synthesizers.GanLoss>(args[i], ignoreCase: true) : MLNet.Gan.Synthesizers.GanLoss.LeastSquares;
