using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Tests.Sequences;

[TestClass]
public sealed class InnovationMemoryTests
{
    [TestMethod]
    public void Features_HaveMeanZeroAndUnitVariance_OnIidShocks()
    {
        // the closed-form scaling (E|Z| = √(2/π), Var|Z| = 1 − 2/π, EWMA variance v(1 − φ)/(1 + φ)) on 4,000,000 days
        var memory = new InnovationMemory(assets: 1);
        var rng = RandomStream.Create(11);
        var burnIn = new float[InnovationMemory.BurnIn];
        rng.FillNormal(burnIn);
        memory.Reset(burnIn);
        int n = memory.Features, days = 4_000_000;
        var features = new float[n];
        var sum = new double[n];
        var squares = new double[n];
        var shock = new float[1];
        for (int t = 0; t < days; t++)
        {
            memory.Write(features);
            for (int k = 0; k < n; k++)
            {
                sum[k] += features[k];
                squares[k] += features[k] * (double)features[k];
            }

            rng.FillNormal(shock);
            memory.Update(shock);
        }

        for (int k = 0; k < n; k++)
        {
            double mean = sum[k] / days, variance = (squares[k] / days) - (mean * mean);
            // the slowest mean (half-life 2,300 days) has a standard error of √((1 + φ)/((1 − φ)·n)) ≈ 0.04 here
            Assert.AreEqual(0, mean, 0.15, $"feature {k}: mean");
            Assert.AreEqual(1, variance, 0.25, $"feature {k}: variance");
        }
    }
}
