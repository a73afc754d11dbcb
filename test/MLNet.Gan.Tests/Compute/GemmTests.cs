using MLNet.Gan.Compute;

namespace MLNet.Gan.Tests.Compute;

[TestClass]
public sealed class GemmTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (7, 13, 5), (13, 7, 5), (1, 300, 17), (300, 1, 17), (300, 2, 33), (9, 33, 1),
        (8, 32, 256), (9, 33, 257), (10, 32, 256), (500, 384, 256), (500, 158, 256), (50, 256, 2890 / 10), (64, 3, 700),

        // more rows than one block of A (512, rounded up to whole panels) on every path
        (1100, 40, 300),

        // few rows and a long K, summed in two halves of K (5 blocks: 3 + 2), edge panels on every path
        (50, 70, 1100),
    ];

    public static IEnumerable<object[]> Cases()
    {
        foreach (var (m, n, k) in Shapes)
        {
            foreach (var path in new[] { SimdPath.Best, SimdPath.Vector256, SimdPath.Vector128, SimdPath.Scalar })
            {
                foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true) })
                {
                    yield return [m, n, k, ta, tb, path.ToString()];
                }
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Gemm_MatchesDoublePrecisionReference(int m, int n, int k, bool transA, bool transB, string path)
    {
        var previous = ComputeSettings.WantedPath;
        try
        {
            ComputeSettings.WantedPath = Enum.Parse<SimdPath>(path);
            var rng = RandomStream.Create(m * 1000 + n * 10 + k);
            var a = Random(rng, m * k);
            var b = Random(rng, k * n);
            foreach (bool accumulate in new[] { false, true })
            {
                var c = Random(rng, m * n);
                var expected = (float[])c.Clone();
                Gemm.Run(a, b, c, m, n, k, transA, transB, accumulate);
                Gemm.Reference(a, b, expected, m, n, k, transA, transB, accumulate);
                for (int i = 0; i < c.Length; i++)
                {
                    // float32 accumulation error grows like √K·ε·Σ|a·b|; values are U(−1, 1).
                    float tolerance = 1e-6f * (k + 4);
                    Assert.AreEqual(expected[i], c[i], tolerance, $"M={m} N={n} K={k} tA={transA} tB={transB} acc={accumulate} at {i}");
                }
            }
        }
        finally
        {
            ComputeSettings.WantedPath = previous;
        }
    }

    [TestMethod]
    public void Gemm_FullTrainingShape_MatchesReference()
    {
        // The packed discriminator's first layer: 50 packed rows, 2890 inputs, 256 outputs.
        var rng = RandomStream.Create(7);
        int m = 50, n = 256, k = 2890;
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var c = new float[m * n];
        var expected = new float[m * n];
        Gemm.MatMul(a, b, c, m, n, k);
        Gemm.Reference(a, b, expected, m, n, k, false, false, false);
        for (int i = 0; i < c.Length; i++)
        {
            Assert.AreEqual(expected[i], c[i], 5e-3f, $"at {i}");
        }
    }

    [TestMethod]
    [DataRow(500, 256, 256, false, false)]
    [DataRow(256, 256, 500, true, false)]
    [DataRow(500, 256, 256, false, true)]
    [DataRow(50, 256, 2890, false, false)]
    [DataRow(500, 1, 256, false, false)]
    [DataRow(256, 1, 500, true, false)]
    [DataRow(37, 29, 1031, false, true)]
    [DataRow(50, 256, 3650, false, false)]
    [DataRow(64, 70, 1100, true, false)]
    public void Gemm_OneTwoAndThreeThreads_AreBitIdentical(int m, int n, int k, bool transA, bool transB)
    {
        var rng = RandomStream.Create(11);
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var one = Random(rng, m * n);
        var two = (float[])one.Clone();
        var three = (float[])one.Clone();
        int previous = ComputeSettings.Threads;
        try
        {
            ComputeSettings.Threads = 1;
            Gemm.Run(a, b, one, m, n, k, transA, transB, accumulate: true);
            ComputeSettings.Threads = 2;
            Gemm.Run(a, b, two, m, n, k, transA, transB, accumulate: true);
            CollectionAssert.AreEqual(one, two);
            ComputeSettings.Threads = 3; // an odd count: where K is summed in two halves, 2 parts take the first and 1 the second
            Gemm.Run(a, b, three, m, n, k, transA, transB, accumulate: true);
            CollectionAssert.AreEqual(one, three);
        }
        finally
        {
            ComputeSettings.Threads = previous;
        }
    }

    [TestMethod]
    public void Gemm_ZeroK_ClearsOrKeepsOutput()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.MatMul([], [], c, 2, 2, 0, accumulate: true);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4 }, c);
        Gemm.MatMul([], [], c, 2, 2, 0);
        CollectionAssert.AreEqual(new float[4], c);
    }

    [TestMethod]
    public void Gemm_BufferTooSmall_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Gemm.MatMul(new float[5], new float[6], new float[4], 2, 2, 3));
    }

    internal static float[] Random(RandomStream rng, int count)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (2f * rng.NextFloat()) - 1f;
        }

        return x;
    }
}
