using MathNet.Numerics.Distributions;
using MLNet.Gan.Backtesting;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Tests.Backtesting;

[TestClass]
public sealed class ShortfallBacktestTests
{
    [TestMethod]
    public void AcerbiSzekelyZ2_IsTheHandComputedValue()
    {
        // exceedances on days 0 and 2: Σ r/ES = 0.05/0.04 + 0.03/0.05 = 1.85; Z2 = 1 − 1.85 / (4 × 0.25) = −0.85
        var z2 = ShortfallBacktests.AcerbiSzekely([-0.05, 0.01, -0.03, 0.02], [-0.02, -0.02, -0.02, -0.02], [-0.04, -0.04, -0.05, -0.04], 0.25);
        Assert.AreEqual(-0.85, z2.Statistic, 1e-12);
        Assert.IsTrue(double.IsNaN(z2.PValue), "no closed-form p-value");
    }

    [TestMethod]
    public void DuEscanciano_AreTheHandComputedValues()
    {
        // u = 0.05, 0.6, 0.2, 0.9 at p = 0.25: H = 0.8, 0, 0.2, 0 with mean 0.25 against p/2 = 0.125 and
        // variance p(1/3 − p/4) = 0.0677083…: U = 2 × 0.125 / 0.2602082 = 0.960769
        double[] u = [0.05, 0.6, 0.2, 0.9];
        CollectionAssert.AreEqual(new[] { 0.8, 0, 0.2, 0 }, ShortfallBacktests.CumulativeViolations(u, 0.25).Select(h => Math.Round(h, 12)).ToArray());
        var unconditional = ShortfallBacktests.DuEscancianoUnconditional(u, 0.25);
        Assert.AreEqual(0.960769, unconditional.Statistic, 1e-6);
        Assert.AreEqual(2 * Normal.CDF(0, 1, -0.960769), unconditional.PValue, 1e-6);

        // H − p/2 = 0.675, −0.125, 0.075, −0.125: γ₀ = 0.123125, γ₁ = −0.103125 / 3, ρ₁ = −0.2791878, C = 4ρ₁² = 0.3117834
        var conditional = ShortfallBacktests.DuEscancianoConditional(u, 0.25, lags: 1);
        Assert.AreEqual(0.3117834, conditional.Statistic, 1e-6);
        Assert.AreEqual(1 - ChiSquared.CDF(1, 0.3117834), conditional.PValue, 1e-6);
    }

    [TestMethod]
    public void DuEscanciano_OnRightForecasts_RejectsAtItsLevel_AndRejectsTooLightTails()
    {
        // forecast probabilities of a right model are uniform: the 5 % test rejects about 5 % of 400 backtests of
        // 2,000 days; a forecast whose tails are too light puts the realized returns too deep (u near 0) and is rejected
        var rng = RandomStream.Create(11);
        var u = new float[2000];
        void FillUniform(float[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = rng.NextFloat();
            }
        }

        int rejected = 0;
        for (int run = 0; run < 400; run++)
        {
            FillUniform(u);
            rejected += ShortfallBacktests.DuEscancianoUnconditional([.. u.Select(v => (double)v)], 0.025).PValue < 0.05 ? 1 : 0;
        }

        Assert.IsTrue(rejected is >= 8 and <= 36, $"{rejected} of 400 rejected");
        FillUniform(u);
        var light = u.Select(v => Math.Pow(v, 1.3)).ToArray(); // more mass near 0 than uniform
        Assert.IsLessThan(0.001, ShortfallBacktests.DuEscancianoUnconditional(light, 0.025).PValue);
    }
}
