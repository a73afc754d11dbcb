using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;
using MLNet.Gan.Tests.Layers;

namespace MLNet.Gan.Tests.Synthesizers;

[TestClass]
public sealed class TvaeTests
{
    private static Table Mixed(int rows)
    {
        var rng = RandomStream.Create(3);
        var x = Enumerable.Range(0, rows).Select(_ => rng.NextNormal() * 2.0).ToArray();
        var y = Enumerable.Range(0, rows).Select(i => i % 7 == 0 ? double.NaN : (i % 3) + (0.1 * rng.NextNormal())).ToArray();
        // "rare" (≈ 27 %) goes with large x, so the latent code carries it
        var c = x.Select(v => v > 1.2 ? "rare" : "common").ToArray();
        return new Table([new NumericColumn("x", x), new NumericColumn("y", y), CategoricalColumn.FromValues("c", c)], "c");
    }

    [TestMethod]
    public void Loss_ParameterGradientsMatchFiniteDifferences()
    {
        var table = Mixed(40);
        var encoder = TableEncoder.Fit(table);
        var data = encoder.Transform(table, 1);
        data.SetRows(6);
        var network = new TvaeNetwork(encoder.Width, [7, 5], 3, encoder.Spans, RandomStream.Create(2));
        Array.Fill(network.Sigma, 0.5f); // keeps the 1/(2σ²) terms in a range finite differences resolve
        var noise = RandomStream.Create(4);
        var state = noise.GetState();
        foreach (var p in network.Parameters)
        {
            p.ClearGradient();
        }

        network.LossAndBackward(data, noise);
        var analytic = network.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        double Loss()
        {
            noise.SetState(state);
            return network.LossAndBackward(data, noise);
        }

        for (int i = 0; i < network.Parameters.Count; i++)
        {
            var p = network.Parameters[i];
            GradientCheck.CheckValues(p.Name, p.Value, p.Length, analytic[i], Loss, 1e-3f, 3e-2, 3e-3, 40, RandomStream.Create(5));
        }
    }

    [TestMethod]
    public void SaveLoadAndConditionalSample_Work()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}.zip");
        try
        {
            var model = new Tvae(new TvaeOptions { Epochs = 100, BatchSize = 100, Seed = 1 }).Fit(Mixed(600));
            model.Save(path);
            var loaded = SynthesizerModel.Load(path);
            Assert.IsInstanceOfType<TvaeModel>(loaded);
            var a = model.Sample(200, "c", "rare", seed: 5);
            var b = loaded.Sample(200, "c", "rare", seed: 5);
            Assert.AreEqual(200, b.RowCount);
            Assert.IsTrue(Enumerable.Range(0, 200).All(r => b["c"].Format(r) == "rare"));
            for (int r = 0; r < 200; r++)
            {
                Assert.AreEqual(a["x"].Format(r), b["x"].Format(r));
            }

            Assert.AreEqual(100, loaded.History.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [TestCategory("Quality")]
    public void RingOfEightGaussians_CoversAtLeastSixModes()
    {
        var ring = RingOfGaussians.Create(10_000, seed: 7);
        var model = new Tvae(new TvaeOptions { Epochs = 300, Seed = 1 }).Fit(ring);
        var (modes, near) = RingOfGaussians.Score(model.Sample(5_000, seed: 3));
        Assert.IsGreaterThanOrEqualTo(6, modes, $"TVAE: {modes} modes covered, {near:P1} near a mode");
    }
}
