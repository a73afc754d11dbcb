using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;
using MLNet.Gan.Tests.Layers;

namespace MLNet.Gan.Tests.Sequences;

[TestClass]
public sealed class StylizedFactsLossTests
{
    [TestMethod]
    public void Backward_MatchesFiniteDifferences_ForEveryFact()
    {
        // 3 windows of 24 days, 2 assets: every fact (lags up to 10 here) against targets away from the batch's
        var loss = new StylizedFactsLoss(windows: 3, days: 24, assets: 2);
        var x = new Matrix(3 * 24, 2);
        RandomStream.Create(1).FillNormal(x.Span);
        var target = new float[loss.StatisticCount];
        RandomStream.Create(2).FillNormal(target);
        loss.SetTargets([.. target.Select(t => (double)t)]);
        var gradient = new Matrix(x.Rows, 2);
        loss.Forward(x);
        loss.Backward(1f, gradient);
        GradientCheck.CheckValues("values", x.Data, x.Rows * x.Cols, gradient.Span.ToArray(), () => loss.Forward(x), 1e-3f, 2e-2, 1e-4, 144, RandomStream.Create(3));
    }

    [TestMethod]
    public void Facts_AreTheKnownValues_OnAConstructedBatch()
    {
        // one asset alternating ±1: mean 0, std 1, mean |x| / std 1, acf lag 1 = −1
        var loss = new StylizedFactsLoss(windows: 2, days: 10, assets: 1);
        var x = new Matrix(20, 1);
        for (int i = 0; i < 20; i++)
        {
            x[i, 0] = i % 2 == 0 ? 1f : -1f;
        }

        loss.SetTargets(new double[loss.StatisticCount]);
        loss.Forward(x);
        var names = loss.Names().ToArray();
        var facts = loss.Statistics.ToArray();
        Assert.AreEqual(0, facts[Array.IndexOf(names, "mean[0]")], 1e-12);
        Assert.AreEqual(1, facts[Array.IndexOf(names, "std[0]")], 1e-6);
        Assert.AreEqual(1, facts[Array.IndexOf(names, "mean |x| / std[0]")], 1e-6);
        Assert.AreEqual(-1, facts[Array.IndexOf(names, "acf x lag 1[0]")], 1e-6);
        Assert.AreEqual(0, facts[Array.IndexOf(names, "dispersion of window volatility[0]")], 1e-9, "both windows have mean x² = 1");
        Assert.AreEqual(Array.IndexOf(names, "acf x lag 5[0]") + 1, names.Length, "lags stop at half a window");
        Assert.AreEqual(1, facts[Array.IndexOf(names, "acf x lag 2[0]")], 1e-6, "±1 alternating is perfectly correlated two days on");
        Assert.AreEqual(-1, facts[Array.IndexOf(names, "acf x lag 3[0]")], 1e-6);

        // a calm window (±1) and a turbulent one (±2): log mean x² of 0 and ln 4, dispersion ln 4 / 2
        for (int i = 10; i < 20; i++)
        {
            x[i, 0] *= 2;
        }

        loss.Forward(x);
        Assert.AreEqual(Math.Log(4) / 2, loss.Statistics[Array.IndexOf(names, "dispersion of window volatility[0]")], 1e-9);
    }

    [TestMethod]
    public void Targets_FromRealWindows_AreTheirFacts_AndGiveZeroLossOnTheSameBatch()
    {
        // a target fitted on one batch drawn from a series equals that batch's facts, so the loss there is 0
        var data = new float[200 * 2];
        RandomStream.Create(4).FillNormal(data);
        var loss = new StylizedFactsLoss(windows: 4, days: 50, assets: 2);
        loss.FitTargets(data, 200, batches: 1, RandomStream.Create(5));
        var same = new Matrix(4 * 50, 2);
        var rng = RandomStream.Create(5);
        for (int w = 0; w < 4; w++)
        {
            int start = rng.NextInt(200 - 50 + 1);
            data.AsSpan(start * 2, 100).CopyTo(same.Span.Slice(w * 100, 100));
        }

        Assert.AreEqual(0, loss.Forward(same), 1e-20);
        Assert.AreEqual(loss.StatisticCount, loss.Names().Count());
        Assert.AreEqual(2 * (6 + 6 + 19) + 2, loss.StatisticCount, "per asset 6 facts, |x| at lags 1, 2, 3, 5, 10, 20 and x at lags 2 … 20; per pair 2");
    }
}
