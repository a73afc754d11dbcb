using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Tests.Synthesizers;

/// <summary>
/// Mode coverage on the ring of 8 Gaussians (10,000 points), per loss, with the documented epoch
/// budget (docs/algorithms.md): 150 epochs of 20 steps each. Each takes about 30–45 s on 2 cores.
/// </summary>
[TestClass]
[TestCategory("Quality")]
public sealed class CtGanQualityTests
{
    public const int RingEpochs = 150;

    [TestMethod]
    [DataRow(GanLoss.WassersteinGradientPenalty)]
    [DataRow(GanLoss.Standard)]
    [DataRow(GanLoss.LeastSquares)]
    public void RingOfEightGaussians_CoversAtLeastSevenModes_MostSamplesNearAMode(GanLoss loss)
    {
        var ring = RingOfGaussians.Create(10_000, seed: 7);
        var model = new CtGan(new CtGanOptions { Epochs = RingEpochs, Loss = loss, Seed = 1 }).Fit(ring);
        var (modes, near) = RingOfGaussians.Score(model.Sample(5_000, seed: 3));
        Assert.IsGreaterThanOrEqualTo(7, modes, $"{loss}: {modes} modes covered");
        Assert.IsGreaterThanOrEqualTo(0.80, near, $"{loss}: {near:P1} of samples within 3σ of a mode");
    }
}
