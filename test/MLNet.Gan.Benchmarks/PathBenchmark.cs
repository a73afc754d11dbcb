using System.Diagnostics;
using MLNet.Gan.Compute;
using MLNet.Gan.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// Everything the SIMD path in force decides, beside libtorch 2.10 (TorchSharp-cpu) in the same
/// process and minute, 2 threads: the peak of this CPU on this path; GEMM GFLOP/s at the training
/// shapes (500×256×256 and CTGAN's layers, each in its three forms) as a share of that peak; one forward and backward pass
/// of the 2×256 MLP of <see cref="MlpBenchmarks"/> (products and MLP: best of three rounds); then CTGAN and TVAE training and sampling rows/s
/// on both engines (<see cref="EngineBenchmark.RunThroughput"/>). Run it once per path:
/// <c>DOTNET_PreferredVectorBitWidth=256</c> gives the AVX2 path, <c>=128</c> the 128-bit one.
/// </summary>
internal static class PathBenchmark
{
    private const int Rounds = 3;

    public static void Run(bool skipEngines)
    {
        ComputeSettings.Threads = 2;
        double peak = PeakMeasurement.Run();
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(2);
        // Every product and the MLP step, ours and libtorch's, is timed in Rounds rounds about 40 s apart and keeps its best: the
        // VM has slow phases of a minute or more (the critic's 25-µs input gradient at 58 % of peak in two runs, then
        // at 78–81 % in the next two, the clock unchanged), which a single round reports as the product's speed
        var square = new[] { ("A·B (forward)", 500, 256, 256, false, false), ("Aᵀ·B (weight gradient)", 256, 256, 500, true, false), ("A·Bᵀ (input gradient)", 500, 256, 256, false, true) };

        // CTGAN's layers on taiwan_default (286 encoded columns, 79 condition columns, batch 500, pac 10):
        // batch × outputs × inputs per Linear layer, in its three products
        var layers = new[] { ("generator 1", 500, 256, 207), ("generator 2", 500, 256, 463), ("generator out", 500, 286, 719), ("critic 1 (packed)", 50, 256, 3650), ("critic 2", 50, 256, 256) };
        var products = square.Select(q => (q.Item2, q.Item3, q.Item4, q.Item5, q.Item6))
            .Concat(layers.SelectMany(l => new[] { (l.Item2, l.Item3, l.Item4, false, false), (l.Item4, l.Item3, l.Item2, true, false), (l.Item2, l.Item4, l.Item3, false, true) }))
            .ToArray();
        var best = products.ToDictionary(p => p, _ => (Ours: 0.0, Torch: 0.0));
        var ourMlp = new MlpBenchmarks { Threads = 2 };
        ourMlp.Setup();
        double mlp = double.MaxValue, torchMlp = double.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            foreach (var (m, n, k, transA, transB) in products)
            {
                var (ours, theirs) = best[(m, n, k, transA, transB)];
                double o = GemmGflops(m, n, k, transA, transB), t = TorchGflops(m, n, k, transA, transB);
                best[(m, n, k, transA, transB)] = (Math.Max(ours, o), Math.Max(theirs, t));
            }

            // the MLP step in the same rounds, so that it gets the same chance to miss a slow phase as the products
            mlp = Math.Min(mlp, 1000 * Time(ourMlp.ForwardBackward));
            torchMlp = Math.Min(torchMlp, TorchMlpMilliseconds());
        }

        Console.WriteLine();
        Console.WriteLine($"GEMM and the MLP step, best of {Rounds} rounds each:");
        Console.WriteLine();
        Console.WriteLine($"| 2 threads, {ComputeSettings.Path} | managed | libtorch | managed ÷ libtorch time |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, m, n, k, transA, transB) in square)
        {
            var (ours, theirs) = best[(m, n, k, transA, transB)];
            Console.WriteLine($"| GEMM {name} {m}×{n}×{k}, GFLOP/s (% of peak) | {ours:F0} ({100 * ours / peak:F0} %) | {theirs:F0} ({100 * theirs / peak:F0} %) | {theirs / ours:F2} |");
        }

        Console.WriteLine();
        Console.WriteLine($"| CTGAN layer on taiwan_default (batch × out × in), 2 threads, {ComputeSettings.Path} | forward A·B | weight gradient Aᵀ·B | input gradient A·Bᵀ |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (layer, batch, outputs, inputs) in layers)
        {
            var cells = new[] { (batch, outputs, inputs, false, false), (inputs, outputs, batch, true, false), (batch, inputs, outputs, false, true) }
                .Select(t => best[t])
                .Select(r => $"{r.Ours:F0} ({100 * r.Ours / peak:F0} %) vs {r.Torch:F0}");
            Console.WriteLine($"| {layer} {batch}×{outputs}×{inputs} | {string.Join(" | ", cells)} |");
        }

        Console.WriteLine($"| MLP 2×256 forward + backward, batch 500, ms | {mlp:F2} | {torchMlp:F2} | {mlp / torchMlp:F2} |");
        Console.WriteLine();
        if (!skipEngines)
        {
            EngineBenchmark.RunThroughput();
        }
    }

    /// <summary>Best of 5 timings of <paramref name="action"/> repeated to about 0.2 s, in seconds per call.</summary>
    private static double Time(Action action)
    {
        for (int i = 0; i < 5; i++)
        {
            action();
        }

        var once = Stopwatch.StartNew();
        action();
        int reps = Math.Max(3, (int)(0.2 / Math.Max(once.Elapsed.TotalSeconds, 1e-6)));
        double best = double.MaxValue;
        for (int trial = 0; trial < 5; trial++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++)
            {
                action();
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
        }

        return best;
    }

    /// <summary>
    /// One product on 1 and on 2 threads, twice each: how far two threads are from twice one, per shape
    /// (<c>build/bench.sh shape M N K [a|at] [b|bt]</c>: op(A) is M×K, op(B) K×N, "at"/"bt" transposed).
    /// </summary>
    public static void Shape(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[0], out int m) || !int.TryParse(args[1], out int n) || !int.TryParse(args[2], out int k) || m < 1 || n < 1 || k < 1)
        {
            Console.Error.WriteLine("usage: build/bench.sh shape M N K [a|at] [b|bt]   (op(A) M×K, op(B) K×N; at / bt: stored transposed)");
            Environment.Exit(2);
            return;
        }

        bool transA = args.Length > 3 && args[3] == "at", transB = args.Length > 4 && args[4] == "bt";
        Console.WriteLine($"{(transA ? "Aᵀ" : "A")}·{(transB ? "Bᵀ" : "B")} {m}×{n}×{k}, {ComputeSettings.Path}, best of 5 timings:");
        foreach (int threads in new[] { 1, 2, 1, 2 })
        {
            ComputeSettings.Threads = threads;
            Console.WriteLine($"  {threads} thread(s): {GemmGflops(m, n, k, transA, transB):F0} GFLOP/s");
        }
    }

    private static double GemmGflops(int m, int n, int k, bool transA, bool transB)
    {
        var rng = RandomStream.Create(1);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        rng.FillNormal(a);
        rng.FillNormal(b);
        return 2.0 * m * n * k / Time(() => Gemm.Run(a, b, c, m, n, k, transA, transB, accumulate: false)) / 1e9;
    }

    private static double TorchGflops(int m, int n, int k, bool transA, bool transB)
    {
        using var scope = torch.NewDisposeScope();
        var a = transA ? torch.randn(k, m) : torch.randn(m, k);
        var b = transB ? torch.randn(n, k) : torch.randn(k, n);
        var left = transA ? a.t() : a;
        var right = transB ? b.t() : b;
        return 2.0 * m * n * k / Time(() =>
        {
            using var c = torch.mm(left, right);
        }) / 1e9;
    }

    private static double TorchMlpMilliseconds()
    {
        using var scope = torch.NewDisposeScope();
        var net = nn.Sequential(nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 1));
        var x = torch.randn(500, 256);
        var dy = torch.full(500, 1, 1f / 500);
        return 1000 * Time(() =>
        {
            using var step = torch.NewDisposeScope();
            var y = net.forward(x);
            y.backward([dy]);
            foreach (var p in net.parameters())
            {
                p.grad?.zero_();
            }
        });
    }
}
