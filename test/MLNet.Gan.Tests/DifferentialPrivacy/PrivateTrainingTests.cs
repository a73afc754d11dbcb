using MLNet.Gan.Compute;
using MLNet.Gan.DifferentialPrivacy;
using MLNet.Gan.Encoding;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.DifferentialPrivacy;

[TestClass]
public sealed class PrivateTrainingTests
{
    private static Table Mixed(int rows)
    {
        var rng = RandomStream.Create(3);
        var x = Enumerable.Range(0, rows).Select(_ => rng.NextNormal() * 2.0).ToArray();
        var c = x.Select(v => v > 1.2 ? "rare" : "common").ToArray();
        return new Table([new NumericColumn("x", x), CategoricalColumn.FromValues("c", c)], "c");
    }

    [TestMethod]
    public void Linear_PerExampleSquaredNorms_AreTheHandComputedOnes()
    {
        // W (2×1), rows x = (1, 2) and (3, 0) with output gradients δ = 2 and −1:
        // row 1's gradient is W: (1·2, 2·2) = (2, 4), b: 2 → 4 + 16 + 4 = 24; row 2's is (−3, 0), b: −1 → 9 + 0 + 1 = 10
        var layer = new Linear(2, 1, RandomStream.Create(1)) { PerExampleSquaredNorms = new float[3] };
        var x = new Matrix(2, 2);
        x.Span[0] = 1; x.Span[1] = 2; x.Span[2] = 3; x.Span[3] = 0;
        layer.Forward(x, training: true);
        var dOut = new Matrix(2, 1);
        dOut.Span[0] = 2; dOut.Span[1] = -1;
        layer.Backward(dOut);
        CollectionAssert.AreEqual(new float[] { 24, 10, 0 }, layer.PerExampleSquaredNorms);
        CollectionAssert.AreEqual(new float[] { 2 - 3, 4 + 0 }, layer.Weight.Gradient, "the summed gradient is unchanged");
        Assert.AreEqual(1f, layer.Bias.Gradient[0]);
    }

    [TestMethod]
    public void TvaePrivateStep_SumsEveryRowsOwnGradientClippedToC()
    {
        var table = Mixed(40);
        var encoder = TableEncoder.Fit(table);
        var data = encoder.Transform(table, 1);
        data.SetRows(9);
        TvaeNetwork Network()
        {
            var n = new TvaeNetwork(encoder.Width, [7, 5], 4, encoder.Spans, RandomStream.Create(2));
            // σ_z = exp(−30): z = μ whatever ε is, so one row alone reproduces its part of the batch
            var logVariance = n.Layers.LogVariance;
            Array.Clear(logVariance.Weight.Value);
            Array.Fill(logVariance.Bias.Value, -60f);
            Array.Fill(n.Sigma, 0.3f);
            return n;
        }

        // reference: every row's own gradient, formed explicitly (a batch of one row)
        var single = Network();
        var perRow = new List<float[][]>();
        var one = new Matrix(1, data.Cols);
        for (int r = 0; r < data.Rows; r++)
        {
            data.Row(r).CopyTo(one.Row(0));
            foreach (var p in single.Parameters)
            {
                p.ClearGradient();
            }

            single.LossAndBackward(one, RandomStream.Create(9));
            perRow.Add([.. single.Parameters.Select(p => p.Gradient.ToArray())]);
        }

        var norms = perRow.Select(g => Math.Sqrt(g.Sum(p => p.Sum(v => (double)v * v)))).ToArray();
        double c = norms.Order().ElementAt(norms.Length / 2); // the median: some rows clipped, some not
        Assert.IsTrue(norms.Count(n => n > c * 1.01) >= 3 && norms.Count(n => n < c * 0.99) >= 3);

        var batched = Network();
        var privacy = PrivateTraining.Plan(new PrivacyOptions { Epsilon = 10, MaxGradNorm = c }, 1000, 100, 1, seed: 0);
        batched.PrivateLossAndBackward(data, RandomStream.Create(9), privacy);
        for (int p = 0; p < batched.Parameters.Count; p++)
        {
            var actual = batched.Parameters[p].Gradient;
            for (int i = 0; i < actual.Length; i++)
            {
                double expected = 0;
                for (int r = 0; r < data.Rows; r++)
                {
                    expected += Math.Min(1, c / norms[r]) * perRow[r][p][i];
                }

                Assert.AreEqual(expected, actual[i], 1e-4 * (1 + Math.Abs(expected)), $"{batched.Parameters[p].Name}[{i}]");
            }
        }
    }

    [TestMethod]
    public void PrivateTvae_StepsOnPoissonBatches_SpendsTheBudget_AndTheArchiveRecordsIt()
    {
        var table = Mixed(400);
        var sizes = new List<int>();
        var seen = new int[400];
        var tvae = new Tvae(new TvaeOptions { Epochs = 20, BatchSize = 40, Seed = 4, Privacy = new PrivacyOptions { Epsilon = 5 } })
        {
            BatchDrawn = (rows, count) =>
            {
                sizes.Add(count);
                for (int i = 0; i < count; i++)
                {
                    seen[rows[i]]++;
                    Assert.IsTrue(i == 0 || rows[i] > rows[i - 1], "each row joins a batch at most once");
                }
            },
        };
        var model = tvae.Fit(table);

        // 20 epochs of 400 ÷ 40 steps; every row joins each batch with probability q = 0.1, so the batch
        // size is Binomial(400, 0.1): mean 40, variance 36 (a shuffled fixed-size batch would always be 40)
        Assert.HasCount(200, sizes);
        double mean = sizes.Average(), variance = sizes.Sum(s => (s - mean) * (s - mean)) / (sizes.Count - 1);
        Assert.AreEqual(40, mean, 2.0);
        Assert.IsTrue(variance is > 20 and < 55, $"variance {variance}");
        Assert.AreEqual(20, seen.Average(), 1.0);
        Assert.IsTrue(seen.Min() < 15 && seen.Max() > 25, "rows join independently, not once per epoch");

        var spent = model.Privacy!;
        Assert.AreEqual(200L, spent.Steps);
        Assert.AreEqual(0.1, spent.SamplingRate, 1e-12);
        Assert.AreEqual(1.0 / 4000, spent.Delta, 1e-15);
        Assert.IsTrue(spent.EpsilonSpent <= 5 && spent.EpsilonSpent > 4.9, $"spent {spent.EpsilonSpent}");
        Assert.AreEqual(spent.EpsilonSpent, RdpAccountant.Convert(RdpAccountant.DefaultOrders, RdpAccountant.Compute(0.1, spent.NoiseMultiplier, 200, RdpAccountant.DefaultOrders), spent.Delta, tight: true).Epsilon, 1e-9);

        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            Assert.AreEqual(spent, TvaeModel.Load(path).Privacy);
            Assert.HasCount(20, model.History);
            Assert.IsEmpty(TvaeModel.Load(path).History, "losses over real rows without noise are not released");
            Assert.AreEqual(400, TvaeModel.Load(path).Sample(400, null, null, seed: 1).RowCount);
        }
        finally
        {
            File.Delete(path);
        }

        // the same seed gives the same model, bit for bit
        var again = new Tvae(new TvaeOptions { Epochs = 20, BatchSize = 40, Seed = 4, Privacy = new PrivacyOptions { Epsilon = 5 } }).Fit(table);
        CollectionAssert.AreEqual(model.Network.Parameters.SelectMany(p => p.Value).ToArray(), again.Network.Parameters.SelectMany(p => p.Value).ToArray());
    }

    [TestMethod]
    public void AddNoise_HasTheCalibratedSpread_AndDividesByTheExpectedBatch()
    {
        var privacy = PrivateTraining.Plan(new PrivacyOptions { Epsilon = 2, MaxGradNorm = 3 }, 10_000, 100, 5, seed: 1);
        var parameter = new Parameter("p", 1, 200_000);
        Array.Fill(parameter.Gradient, 100f);
        privacy.AddNoise([parameter]);
        var g = parameter.Gradient;
        double mean = g.Average(v => (double)v), std = Math.Sqrt(g.Sum(v => (v - mean) * (v - mean)) / g.Length);
        Assert.AreEqual(100 / privacy.ExpectedBatch, mean, 0.01);
        Assert.AreEqual(privacy.NoiseMultiplier * 3 / privacy.ExpectedBatch, std, 0.01 * std);
        Assert.AreEqual(100, privacy.ExpectedBatch, 1e-9);
    }

    [TestMethod]
    public void InvalidBudgets_AreClearErrorsBeforeTraining()
    {
        var table = Mixed(400);
        string Error(PrivacyOptions privacy, int epochs = 10)
            => Assert.ThrowsExactly<ArgumentException>(() => new Tvae(new TvaeOptions { Epochs = epochs, BatchSize = 40, Privacy = privacy }).Fit(table)).Message;

        StringAssert.Contains(Error(new PrivacyOptions { Epsilon = 0 }), "Epsilon must be a positive number (got 0)");
        StringAssert.Contains(Error(new PrivacyOptions { Epsilon = -1 }), "Epsilon must be a positive number (got -1)");
        StringAssert.Contains(Error(new PrivacyOptions { Epsilon = 1, Delta = 0 }), "Delta must be in (0, 1) (got 0)");
        StringAssert.Contains(Error(new PrivacyOptions { Epsilon = 1, Delta = 1.0 / 400 }), "δ must lie in (0, 1/n)");
        StringAssert.Contains(Error(new PrivacyOptions { Epsilon = 1, MaxGradNorm = 0 }), "MaxGradNorm must be a positive number (got 0)");
        // 0.05 over 300 epochs of q = 0.1 needs σ far above the cap of 0.1 × 40 = 4
        StringAssert.Contains(Error(new PrivacyOptions { Epsilon = 0.05 }, epochs: 300), "the noise would drown the gradient");
    }
}

[TestClass]
public sealed class PrivateCtGanTests
{
    [TestMethod]
    public void CriticPerRowNorms_MatchEachRowsOwnGradient_WithDropoutMasksFixed()
    {
        var critic = new PackedCritic(5, 1, [6, 4], 0.2f, 0.5f, RandomStream.Create(1), RandomStream.Create(2));
        var rows = new Matrix(7, 5);
        RandomStream.Create(3).FillNormal(rows.Span);
        var score = new Matrix(7, 1);
        RandomStream.Create(4).FillNormal(score.Span);
        critic.Forward(rows, training: true);

        // each row's own gradient: backward of its score's gradient alone (the forward's dropout masks held)
        var expected = new double[7];
        for (int r = 0; r < 7; r++)
        {
            foreach (var p in critic.Parameters)
            {
                p.ClearGradient();
            }

            var alone = new Matrix(7, 1);
            alone.Span[r] = score.Span[r];
            critic.Backward(alone);
            expected[r] = critic.Parameters.Sum(p => p.Gradient.Sum(v => (double)v * v));
        }

        var norms = new float[7];
        critic.PerExampleSquaredNorms = norms;
        critic.ComputeParameterGradients = false;
        critic.Backward(score);
        for (int r = 0; r < 7; r++)
        {
            Assert.AreEqual(expected[r], norms[r], 1e-4 * expected[r], $"row {r}");
        }
    }

    [TestMethod]
    public void PrivateCtGan_SpendsThePlannedBudget_IsReproducible_AndRefusesPacksAndThePenalty()
    {
        var rng = RandomStream.Create(3);
        var x = Enumerable.Range(0, 400).Select(_ => rng.NextNormal() * 2.0).ToArray();
        var table = new Table([new NumericColumn("x", x), CategoricalColumn.FromValues("c", [.. x.Select(v => v > 1.2 ? "rare" : "common")])], "c");
        CtGanOptions Options() => new() { Epochs = 10, BatchSize = 40, Pac = 1, Loss = GanLoss.Standard, Seed = 2, GeneratorDimensions = [32], CriticDimensions = [32, 32], Privacy = new PrivacyOptions { Epsilon = 4 } };
        var model = new CtGan(Options()).Fit(table);
        var spent = model.Privacy!;
        Assert.AreEqual(100L, spent.Steps, "10 epochs × 400 ÷ 40 critic steps");
        Assert.AreEqual(0.1, spent.SamplingRate, 1e-12);
        Assert.IsTrue(spent.EpsilonSpent <= 4 && spent.EpsilonSpent > 3.9, $"spent {spent.EpsilonSpent}");
        Assert.AreEqual(400, model.Sample(400, seed: 1).RowCount);

        var again = new CtGan(Options()).Fit(table);
        CollectionAssert.AreEqual(model.Generator.Parameters.SelectMany(p => p.Value).ToArray(), again.Generator.Parameters.SelectMany(p => p.Value).ToArray());

        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            Assert.AreEqual(spent, CtGanModel.Load(path).Privacy);
        }
        finally
        {
            File.Delete(path);
        }

        var packed = Options();
        packed.Pac = 10;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CtGan(packed).Fit(table)).Message, "Pac = 1");
        var penalty = Options();
        penalty.Loss = GanLoss.WassersteinGradientPenalty;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CtGan(penalty).Fit(table)).Message, "standard or least-squares");
    }
}
