using MLNet.Gan.Compute;
using MLNet.Gan.DifferentialPrivacy;

namespace MLNet.Gan.Tests.DifferentialPrivacy;

/// <summary>
/// The RDP accountant against published values: TensorFlow Privacy's accountant tests
/// (tensorflow/privacy, rdp_accountant_test.py: compute_rdp and get_privacy_spent), which use the
/// original conversion of Mironov 2017.
/// </summary>
[TestClass]
public sealed class RdpAccountantTests
{
    [TestMethod]
    public void Rdp_MatchesPublishedValues_AtIntegerAndFractionalOrders()
    {
        // compute_rdp(0.1, 2, 10, 5) = 0.07737
        Assert.AreEqual(0.07737, RdpAccountant.Compute(0.1, 2, 10, [5])[0], 5e-6);

        // compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100, ∞])
        double[] orders = [1.5, 2.5, 5, 50, 100, double.PositiveInfinity];
        double[] published = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307, double.PositiveInfinity];
        var rdp = RdpAccountant.Compute(0.01, 2.5, 50, orders);
        for (int i = 0; i < orders.Length; i++)
        {
            Assert.AreEqual(published[i], rdp[i], 5e-6, $"order {orders[i]}");
        }
    }

    [TestMethod]
    public void Epsilon_MatchesPublishedValues()
    {
        // orders 2 … 32, q = 0.01, σ = 4, 10,000 steps, δ = 1e-5: ε = 1.258575 at order 20
        var accountant = new RdpAccountant([.. Enumerable.Range(2, 31).Select(i => (double)i)]);
        accountant.Step(0.01, 4, 10_000);
        var (eps, order) = accountant.EpsilonClassic(1e-5);
        Assert.AreEqual(1.258575, eps, 5e-6);
        Assert.AreEqual(20, order);

        // two phases, (0.01, 4, 10,000) then (0.1, 2, 100), over fractional orders: ε = 3.276237 at order 8
        var two = new RdpAccountant([1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 64, 256]);
        two.Step(0.01, 4, 10_000);
        two.Step(0.1, 2, 100);
        (eps, order) = two.EpsilonClassic(1e-5);
        Assert.AreEqual(3.276237, eps, 5e-6);
        Assert.AreEqual(8, order);

        // the tighter conversion never gives more
        Assert.IsLessThanOrEqualTo(two.EpsilonClassic(1e-5).Epsilon, two.Epsilon(1e-5).Epsilon);
    }

    [TestMethod]
    public void NoiseMultiplier_IsTheSmallestThatStaysWithinTheBudget()
    {
        double sigma = RdpAccountant.NoiseMultiplier(epsilon: 3, delta: 1e-5, q: 0.01, steps: 5_000);
        var spent = new RdpAccountant();
        spent.Step(0.01, sigma, 5_000);
        Assert.IsLessThanOrEqualTo(3.0, spent.Epsilon(1e-5).Epsilon);
        var less = new RdpAccountant();
        less.Step(0.01, sigma * 0.99, 5_000);
        Assert.IsGreaterThan(3.0, less.Epsilon(1e-5).Epsilon, "1 % less noise overspends");
        Assert.AreEqual(double.PositiveInfinity, RdpAccountant.NoiseMultiplier(1e-6, 1e-5, 1, 1_000_000, maxSigma: 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RdpAccountant().Epsilon(0));
    }

    [TestMethod]
    public void Erfc_MatchesKnownValues()
    {
        Assert.AreEqual(1, SpecialFunctions.Erfc(0), 1e-15);
        Assert.AreEqual(0.157299207050285, SpecialFunctions.Erfc(1), 1e-13);
        Assert.AreEqual(1.842700792949715, SpecialFunctions.Erfc(-1), 1e-13);
        Assert.AreEqual(2.209049699858544e-5, SpecialFunctions.Erfc(3), 1e-17);
        Assert.AreEqual(Math.Log(1.537459794428035e-12), SpecialFunctions.LogErfc(5), 1e-9);
        Assert.AreEqual(-10000 - Math.Log(100 * Math.Sqrt(Math.PI)), SpecialFunctions.LogErfc(100), 1e-4);
    }
}
