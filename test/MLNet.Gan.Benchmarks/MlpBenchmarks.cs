using BenchmarkDotNet.Attributes;
using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// One forward and backward pass of a 2×256 MLP at batch 500: Linear(256→256) → ReLU →
/// Linear(256→256) → ReLU → Linear(256→1), input width 256, parameter gradients included, no gradient
/// for the input (it is data, as in training): 5 GEMMs of 2·500·256·256 FLOP plus the narrow output
/// layer, ≈ 0.33 GFLOP per pass — the products libtorch runs for the same network (PathBenchmark).
/// </summary>
[Config(typeof(ShortConfig))]
[MemoryDiagnoser]
public class MlpBenchmarks
{
    private Sequential _net = null!;
    private Matrix _x = null!;
    private Matrix _dy = null!;

    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        ComputeSettings.Threads = Threads;
        var rng = RandomStream.Create(1);
        _net = new Sequential(
            new Linear(256, 256, rng, "fc1") { ComputeInputGradient = false }, new ReLU(256),
            new Linear(256, 256, rng, "fc2"), new ReLU(256),
            new Linear(256, 1, rng, "fc3"));
        _x = new Matrix(500, 256);
        rng.FillNormal(_x.Span);
        _dy = new Matrix(500, 1);
        _dy.Span.Fill(1f / 500);
        ForwardBackward();
    }

    [Benchmark]
    public void ForwardBackward()
    {
        _net.Forward(_x, training: true);
        _net.Backward(_dy);
        _net.ClearGradients();
    }
}
