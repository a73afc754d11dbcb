using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;

namespace MLNet.Gan.Tests.Encoding;

[TestClass]
public sealed class BayesianGaussianMixtureTests
{
    private static double[] Normal(RandomStream rng, int n, double mean, double std)
    {
        var f = new float[n];
        rng.FillNormal(f);
        return [.. f.Select(v => mean + (std * v))];
    }

    [TestMethod]
    public void TwoComponentMixture_RecoversMeansAndDropsUnusedComponents()
    {
        var rng = RandomStream.Create(1);
        double[] values = [.. Normal(rng, 6000, -3, 1), .. Normal(rng, 4000, 5, 0.5)];
        var fitted = BayesianGaussianMixture.FitModes(values, seed: 3);
        Assert.AreEqual(2, fitted.Count, $"weights {string.Join(", ", fitted.Weights)}");
        var order = Enumerable.Range(0, 2).OrderBy(i => fitted.Means[i]).ToArray();
        Assert.AreEqual(-3, fitted.Means[order[0]], 0.1 * 1.0);
        Assert.AreEqual(5, fitted.Means[order[1]], 0.1 * 0.5);
        Assert.AreEqual(1.0, fitted.StdDevs[order[0]], 0.05);
        Assert.AreEqual(0.5, fitted.StdDevs[order[1]], 0.05);
        Assert.AreEqual(0.6, fitted.Weights[order[0]], 0.02);
    }

    [TestMethod]
    public void SingleGaussian_KeepsOneMode()
    {
        var values = Normal(RandomStream.Create(2), 10_000, 100, 15);
        var fitted = BayesianGaussianMixture.FitModes(values, seed: 0);
        Assert.AreEqual(1, fitted.Count, $"weights {string.Join(", ", fitted.Weights)}");
        Assert.AreEqual(100, fitted.Means[0], 0.1 * 15);
    }

    [TestMethod]
    public void ConstantValues_GiveOneNarrowMode()
    {
        var fitted = BayesianGaussianMixture.Fit([7, 7, 7, 7]);
        Assert.AreEqual(1, fitted.Count);
        Assert.AreEqual(7, fitted.Means[0]);
        Assert.IsTrue(fitted.StdDevs[0] > 0);
    }

    [TestMethod]
    public void Fit_IsDeterministicForASeed()
    {
        var values = Normal(RandomStream.Create(3), 3000, 0, 1);
        var a = BayesianGaussianMixture.Fit(values, seed: 9);
        var b = BayesianGaussianMixture.Fit(values, seed: 9);
        CollectionAssert.AreEqual(a.Means, b.Means);
        CollectionAssert.AreEqual(a.Weights, b.Weights);
    }

    [TestMethod]
    public void Digamma_MatchesKnownValues()
    {
        Assert.AreEqual(-0.5772156649015329, BayesianGaussianMixture.Digamma(1), 1e-10);
        Assert.AreEqual(-1.9635100260214235, BayesianGaussianMixture.Digamma(0.5), 1e-10);
        Assert.AreEqual(2.2517525890667211, BayesianGaussianMixture.Digamma(10), 1e-10);
    }
}
