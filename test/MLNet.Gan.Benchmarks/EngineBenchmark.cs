using System.Diagnostics;
using MLNet.Gan.Compute;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The managed engine against the TorchSharp engine (libtorch 2.10, CPU), side by side in one process
/// and one run: training rows/s (mean of epochs 2–4, as <see cref="TrainingBenchmark"/>) and sampling
/// rows/s (100,000 rows after a warm-up) of CTGAN and TVAE, both on 2 threads; and fidelity on
/// taiwan_default at 100 epochs trained by each engine (the check that they learn the same).
/// </summary>
internal static class EngineBenchmark
{
    public static void RunThroughput()
    {
        ComputeSettings.Threads = 2;
        foreach (var (name, table) in new[] { ("taiwan_default", DatasetSpecs.Taiwan()), ("give_me_some_credit_50k", DatasetSpecs.GiveMeSomeCreditSample()) })
        {
            Console.WriteLine($"{name}: {table.RowCount:N0} rows, 2 threads, {Gemm.ResolvePath()} GEMM");
            Console.WriteLine("| model | engine | train rows/s | sample rows/s |");
            Console.WriteLine("|---|---|---|---|");
            var rates = new Dictionary<(string, ComputeEngine), (double Train, double Sample)>();
            foreach (var engine in new[] { ComputeEngine.Managed, ComputeEngine.TorchSharp })
            {
                var ctgan = new List<double>();
                var model = new CtGan(new CtGanOptions { Epochs = 4, Seed = 0, Engine = engine, Progress = new TrainingBenchmark.Recorder(p => ctgan.Add(p.RowsPerSecond)) }).Fit(table);
                rates[("ctgan", engine)] = (ctgan.Skip(1).Average(), SampleRate(model, engine));
                var tvae = new List<double>();
                var tvaeModel = new Tvae(new TvaeOptions { Epochs = 4, Seed = 0, Engine = engine, Progress = new TrainingBenchmark.Recorder(p => tvae.Add(p.RowsPerSecond)) }).Fit(table);
                rates[("tvae", engine)] = (tvae.Skip(1).Average(), SampleRate(tvaeModel, engine));
            }

            foreach (var model in new[] { "ctgan", "tvae" })
            {
                var (mt, ms) = rates[(model, ComputeEngine.Managed)];
                var (tt, ts) = rates[(model, ComputeEngine.TorchSharp)];
                Console.WriteLine($"| {model} | managed | {mt:N0} | {ms:N0} |");
                Console.WriteLine($"| {model} | torchsharp | {tt:N0} | {ts:N0} |");
                Console.WriteLine($"| {model} | managed ÷ torchsharp | {mt / tt:F2}× | {ms / ts:F2}× |");
            }

            Console.WriteLine();
        }
    }

    /// <summary>CTGAN and TVAE, 100 epochs on taiwan_default, seed 0, trained by each engine; 30,000 rows sampled by the managed engine.</summary>
    public static void RunFidelity()
    {
        var taiwan = DatasetSpecs.Taiwan();
        foreach (var engine in new[] { ComputeEngine.Managed, ComputeEngine.TorchSharp })
        {
            Report($"ctgan {engine}", taiwan, () => new CtGan(new CtGanOptions { Epochs = 100, Seed = 0, Engine = engine }).Fit(taiwan));
            Report($"tvae {engine}", taiwan, () => new Tvae(new TvaeOptions { Epochs = 100, Seed = 0, Engine = engine }).Fit(taiwan));
        }
    }

    private static void Report(string name, Table real, Func<FittedSynthesizer> fit)
    {
        var clock = Stopwatch.StartNew();
        var model = fit();
        double seconds = clock.Elapsed.TotalSeconds;
        var synthetic = model.Sample(30_000, null, null, seed: 0);
        Console.WriteLine($"taiwan_default {name} 100 epochs: KS {Fidelity.KsComplement(real, synthetic).Mean:F3}  TV {Fidelity.TvComplement(real, synthetic).Mean:F3}  correlation {Fidelity.CorrelationSimilarity(real, synthetic).Mean:F3}  fit {seconds:F0} s");
    }

    private static double SampleRate(FittedSynthesizer model, ComputeEngine engine)
    {
        model.Sample(1_000, null, null, 1, true, engine);
        var clock = Stopwatch.StartNew();
        model.Sample(100_000, null, null, 2, true, engine);
        return 100_000 / clock.Elapsed.TotalSeconds;
    }
}
