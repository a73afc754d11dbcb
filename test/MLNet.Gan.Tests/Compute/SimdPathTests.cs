using System.Runtime.Intrinsics;
using MLNet.Gan.Compute;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Layers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Compute;

/// <summary>
/// Every SIMD width is a path of its own (AVX-512, AVX2, 128-bit as on Arm, scalar): each element-wise
/// kernel is forced onto each path this machine can run and checked against a reference. GEMM's
/// paths are checked in <see cref="GemmTests"/>.
/// </summary>
[TestClass]
public sealed class SimdPathTests
{
    private static IEnumerable<SimdPath> RunnablePaths() => SimdPaths.Runnable();

    private static T On<T>(SimdPath path, Func<T> run) => SimdPaths.On(path, run);

    [TestMethod]
    public void Path_IsTheWidestTheHardwareAndTheSettingAllow()
    {
        var expected = Vector512.IsHardwareAccelerated ? SimdPath.Vector512 : Vector256.IsHardwareAccelerated ? SimdPath.Vector256 : Vector128.IsHardwareAccelerated ? SimdPath.Vector128 : SimdPath.Scalar;
        Assert.AreEqual(expected, On(SimdPath.Best, () => ComputeSettings.Path));
        Assert.AreEqual(SimdPath.Scalar, On(SimdPath.Scalar, () => ComputeSettings.Path));
    }

    [TestMethod]
    public void Sum_OnEveryPath_MatchesTheDoubleSum()
    {
        var rng = RandomStream.Create(21);
        foreach (int length in new[] { 0, 1, 3, 4, 7, 8, 15, 16, 37, 1000 })
        {
            var x = new float[length];
            for (int i = 0; i < length; i++)
            {
                x[i] = (float)((2 * rng.NextDouble()) - 1);
            }

            double exact = x.Sum(v => (double)v);
            foreach (var path in RunnablePaths())
            {
                float sum = On(path, () => Kernels.Sum(x));
                Assert.AreEqual(exact, sum, 1e-6 * (length + 1), $"{path}, length {length}");
                Assert.AreEqual(sum, On(path, () => Kernels.Sum(x)), $"{path}: the same order every time");
            }
        }
    }

    [TestMethod]
    public void Adam_OnEveryPath_IsBitIdenticalToScalar()
    {
        float[] Run()
        {
            var p = new Parameter("p", 1, 37); // a vector body and a scalar tail on every width
            for (int i = 0; i < 37; i++)
            {
                p.Value[i] = (float)Math.Sin(i);
            }

            var adam = new Adam([p], new AdamOptions { LearningRate = 0.01f, WeightDecay = 0.1f });
            for (int step = 0; step < 10; step++)
            {
                for (int i = 0; i < 37; i++)
                {
                    p.Gradient[i] = (float)Math.Cos((i * 0.3) + step);
                }

                adam.Step();
            }

            return p.Value;
        }

        var scalar = On(SimdPath.Scalar, Run);
        foreach (var path in RunnablePaths())
        {
            CollectionAssert.AreEqual(scalar, On(path, Run), path.ToString());
        }
    }

    [TestMethod]
    public void NearestNeighbours_OnEveryPath_MatchBruteForceExactly()
    {
        var rng = RandomStream.Create(22);
        Table Random(int rows)
        {
            var x = new double[rows];
            var c = new string[rows];
            for (int i = 0; i < rows; i++)
            {
                x[i] = rng.NextNormal();
                c[i] = rng.NextDouble() < 0.5 ? "a" : "b";
            }

            return new Table([new NumericColumn("x", x), new NumericColumn("y", [.. x.Select(v => (v * v) + rng.NextNormal())]), CategoricalColumn.FromValues("c", c)]);
        }

        var real = Random(333);
        var queries = DistanceSpace.Encode(real, Random(101));
        var reference = DistanceSpace.Encode(real, real);
        var naive = NearestNeighbours.MinDistancesNaive(queries, reference);
        foreach (var path in RunnablePaths())
        {
            CollectionAssert.AreEqual(naive, On(path, () => NearestNeighbours.MinDistances(queries, reference)), path.ToString());
        }
    }
}
