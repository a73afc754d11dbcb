using BenchmarkDotNet.Attributes;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// GEMM at the shapes training runs (M×N×K): batch 500 through 256-wide layers, the generator's
/// second block (158 = 128 noise + 30 condition inputs… as in taiwan_default's widths), and the packed
/// critic (50 packed rows × 2890 inputs). Each in the three layouts a Linear layer uses, against the
/// naive single-precision loop. GFLOP/s = 2·M·N·K / mean time.
/// </summary>
[Config(typeof(ShortConfig))]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _m, _n, _k;
    private bool _transA, _transB;

    [Params("500x256x256", "500x158x256", "50x2890x256", "50x256x2890", "500x1x256", "7x13x5")]
    public string Shape { get; set; } = "500x256x256";

    [Params("AB", "AtB", "ABt")]
    public string Layout { get; set; } = "AB";

    /// <summary>Threads for our GEMM (the naive loop is single-threaded whatever this says).</summary>
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (dims[0], dims[1], dims[2]);
        (_transA, _transB) = (Layout == "AtB", Layout == "ABt");
        var rng = RandomStream.Create(1);
        _a = new float[_m * _k];
        _b = new float[_k * _n];
        _c = new float[_m * _n];
        rng.FillNormal(_a);
        rng.FillNormal(_b);
        ComputeSettings.Threads = Threads;
    }

    [Benchmark(Baseline = true)]
    public void Naive() => Gemm.NaiveSingle(_a, _b, _c, _m, _n, _k, _transA, _transB);

    [Benchmark]
    public void Ours() => Gemm.Run(_a, _b, _c, _m, _n, _k, _transA, _transB, accumulate: false);
}
