using MLNet.Gan.Compute;

namespace MLNet.Gan.Tests.Compute;

[TestClass]
public sealed class RandomStreamTests
{
    private const int N = 200_000;

    [TestMethod]
    public void FillMask_GivesTheValuesAndLeavesTheStateOfTheDrawByDrawLoop()
    {
        // the branch-free mask is the loop "NextFloat() < p ? 0 : kept" value for value, including p whose p·2²⁴ is a
        // whole number (the boundary draw k = p·2²⁴ is kept), and the stream goes on from the same state
        foreach (float p in new[] { 0.3f, 0.5f, 0.25f, 1e-7f, 0.999f, 0f, 1f / (1 << 24) })
        {
            var fast = RandomStream.Create(11, 4);
            var slow = RandomStream.Create(11, 4);
            var mask = new float[100_003];
            fast.FillMask(mask, p, 1.5f);
            for (int i = 0; i < mask.Length; i++)
            {
                float expected = slow.NextFloat() < p ? 0f : 1.5f;
                Assert.AreEqual(expected, mask[i], $"p = {p}, value {i}");
            }

            Assert.AreEqual(slow.GetState(), fast.GetState(), $"p = {p}");
        }

        // a boundary draw: with p = k·2⁻²⁴ for the stream's next k, that draw is kept and the one below would be dropped
        var probe = RandomStream.Create(5);
        ulong k = probe.NextUInt64() >> 40;
        var one = new float[1];
        RandomStream.Create(5).FillMask(one, k / (float)(1 << 24), 1f);
        Assert.AreEqual(1f, one[0], "k·2⁻²⁴ < p is false at p = k·2⁻²⁴");
        RandomStream.Create(5).FillMask(one, (k + 1) / (float)(1 << 24), 1f);
        Assert.AreEqual(0f, one[0]);
    }

    [TestMethod]
    public void Uniform_HasMeanVarianceAndCdfOfU01()
    {
        var rng = RandomStream.Create(1);
        var x = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = rng.NextFloat();
            Assert.IsTrue(x[i] is >= 0 and < 1);
        }

        AssertMoments(x, 0.5, 1.0 / 12);
        AssertKs(x, v => Math.Clamp(v, 0, 1));
    }

    [TestMethod]
    public void Normal_HasMeanVarianceAndCdfOfStandardNormal()
    {
        var rng = RandomStream.Create(2);
        var f = new float[N];
        rng.FillNormal(f);
        var x = f.Select(v => (double)v).ToArray();
        AssertMoments(x, 0, 1);
        AssertKs(x, NormalCdf);
    }

    [TestMethod]
    public void Gumbel_HasMeanVarianceAndCdfOfStandardGumbel()
    {
        var rng = RandomStream.Create(3);
        var f = new float[N];
        rng.FillGumbel(f);
        var x = f.Select(v => (double)v).ToArray();
        AssertMoments(x, 0.5772156649, Math.PI * Math.PI / 6);
        AssertKs(x, v => Math.Exp(-Math.Exp(-v)));
    }

    [TestMethod]
    public void OpenUnit_AtTheExtremeBits_IsStrictlyInsideZeroOne_SoGumbelIsFinite()
    {
        float top = RandomStream.OpenUnit(ulong.MaxValue);
        float bottom = RandomStream.OpenUnit(0);
        Assert.IsLessThan(1f, top);
        Assert.IsGreaterThan(0f, bottom);
        Assert.IsTrue(float.IsFinite(-MathF.Log(-MathF.Log(top))));
        Assert.IsTrue(float.IsFinite(-MathF.Log(-MathF.Log(bottom))));
    }

    [TestMethod]
    public void NextInt_IsUniformOverItsRange()
    {
        var rng = RandomStream.Create(4);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            counts[rng.NextInt(7)]++;
        }

        // χ² with 6 degrees of freedom: 22.46 is the 0.999 quantile.
        double chi2 = counts.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.IsLessThan(22.46, chi2, $"counts {string.Join(",", counts)}");
    }

    [TestMethod]
    public void SameSeedAndStream_GiveSameDraws_OtherStreamsDiffer()
    {
        var a = RandomStream.Create(42, 5);
        var b = RandomStream.Create(42, 5);
        var c = RandomStream.Create(42, 6);
        var d = RandomStream.Create(43, 5);
        int sameAsC = 0, sameAsD = 0;
        for (int i = 0; i < 1000; i++)
        {
            ulong va = a.NextUInt64();
            Assert.AreEqual(va, b.NextUInt64());
            sameAsC += va == c.NextUInt64() ? 1 : 0;
            sameAsD += va == d.NextUInt64() ? 1 : 0;
        }

        Assert.AreEqual(0, sameAsC);
        Assert.AreEqual(0, sameAsD);
    }

    [TestMethod]
    public void State_RoundTrips_AndReplaysDraws()
    {
        var rng = RandomStream.Create(9);
        rng.NextUInt64();
        var state = rng.GetState();
        float first = rng.NextNormal();
        rng.SetState(state);
        Assert.AreEqual(first, rng.NextNormal());
    }

    private static void AssertMoments(double[] x, double mean, double variance)
    {
        double m = x.Average();
        double v = x.Select(t => (t - m) * (t - m)).Sum() / (x.Length - 1);
        double seMean = Math.Sqrt(variance / x.Length);
        Assert.AreEqual(mean, m, 5 * seMean, "mean");
        Assert.AreEqual(variance, v, 0.02 * variance, "variance");
    }

    private static void AssertKs(double[] x, Func<double, double> cdf)
    {
        var sorted = (double[])x.Clone();
        Array.Sort(sorted);
        double d = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(Math.Abs(f - (i / (double)sorted.Length)), Math.Abs(((i + 1) / (double)sorted.Length) - f)));
        }

        // Kolmogorov critical value at α = 0.001: 1.95 / √n.
        Assert.IsLessThan(1.95 / Math.Sqrt(sorted.Length), d, $"KS statistic {d}");
    }

    internal static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        // Numerical Recipes' erfc (fractional error < 1.2e-7).
        double z = Math.Abs(x);
        double t = 1 / (1 + (0.5 * z));
        double poly = 0.17087277;
        foreach (double coefficient in new[] { -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223 })
        {
            poly = coefficient + (t * poly);
        }

        double r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
