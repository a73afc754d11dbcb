using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;
using MLNet.Gan.TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.TorchSharp.Tests;

/// <summary>
/// The two engines compute the same thing: from identical initial weights and the same batch, one
/// training step's parameter gradients agree to a relative error of 1e-4, for each CTGAN loss (the
/// gradient penalty included) and for TVAE.
/// </summary>
[TestClass]
public sealed class EngineParityTests
{
    private const double Tolerance = 1e-4;

    /// <summary>300 rows: a bimodal number with missing cells, an integer count, two categories.</summary>
    internal static Table Data(int rows = 300)
    {
        var rng = new Random(5);
        var x = new double[rows];
        var n = new double[rows];
        var c = new string[rows];
        var d = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            bool high = rng.NextDouble() < 0.4;
            x[i] = i % 17 == 0 ? double.NaN : (high ? 50 : 5) + (rng.NextDouble() * 3);
            n[i] = rng.Next(0, 4);
            c[i] = high ? (rng.NextDouble() < 0.7 ? "b" : "c") : "a";
            d[i] = rng.NextDouble() < 0.3 ? "yes" : "no";
        }

        return new Table([new NumericColumn("x", x), new NumericColumn("n", n), CategoricalColumn.FromValues("c", c), CategoricalColumn.FromValues("d", d)]);
    }

    private static CtGanOptions Small(GanLoss loss) => new()
    {
        Loss = loss,
        BatchSize = 40,
        Pac = 10,
        EmbeddingDimension = 8,
        GeneratorDimensions = [16, 16],
        CriticDimensions = [16, 16],
        Seed = 3,
    };

    private static CtGanTraining Run(Table table, CtGanOptions options)
    {
        var encoder = TableEncoder.Fit(table, options.Encoder.WithSeed(options.Seed));
        var data = encoder.Transform(table, options.Seed, options.Encoder.ModeSelection);
        return new CtGanTraining(options, data, new ConditionSampler(encoder, table));
    }

    [TestMethod]
    [DataRow(GanLoss.WassersteinGradientPenalty)]
    [DataRow(GanLoss.Standard)]
    [DataRow(GanLoss.LeastSquares)]
    public void CtGan_OneStep_SameGradientsInBothEngines(GanLoss loss)
    {
        var table = Data();
        var managed = Run(table, Small(loss));
        using var torchRun = new TorchCtGanSteps(Run(table, Small(loss)), CPU);

        double managedLoss = managed.CriticLossAndGradients();
        double torchLoss = torchRun.CriticLossAndGradients();
        Assert.AreEqual(managedLoss, torchLoss, 1e-4 * Math.Max(1, Math.Abs(managedLoss)), "critic loss");
        AssertSameGradients(managed.Critic.Parameters, torchRun.Parameters.Critic, "critic");

        // both critics take their update, then the generator's gradients go through the updated critic
        managed.CriticOptimizer.Step();
        torchRun.CriticUpdate();
        managedLoss = managed.GeneratorLossAndGradients();
        torchLoss = torchRun.GeneratorLossAndGradients();
        Assert.AreEqual(managedLoss, torchLoss, 1e-4 * Math.Max(1, Math.Abs(managedLoss)), "generator loss");
        AssertSameGradients(managed.Generator.Parameters, torchRun.Parameters.Generator, "generator");
    }

    [TestMethod]
    public void Tvae_OneStep_SameGradientsInBothEngines()
    {
        var table = Data();
        var options = new TvaeOptions { Seed = 4, LatentDimension = 8, HiddenDimensions = [16, 16] };
        var encoder = TableEncoder.Fit(table, options.Encoder.WithSeed(options.Seed));
        var data = encoder.Transform(table, options.Seed, options.Encoder.ModeSelection);
        TvaeNetwork Network() => new(encoder.Width, options.HiddenDimensions, options.LatentDimension, encoder.Spans, RandomStream.Create(options.Seed, streamId: 1));
        var batch = new Matrix(64, data.Cols);
        data.Span[..batch.Span.Length].CopyTo(batch.Span);

        var managed = Network();
        double managedLoss = managed.LossAndBackward(batch, RandomStream.Create(9, streamId: 4));
        using var torchRun = new TorchTvae(Network(), options, RandomStream.Create(9, streamId: 4), CPU);
        double torchLoss = torchRun.LossAndGradients(batch);
        Assert.AreEqual(managedLoss, torchLoss, 1e-4 * Math.Abs(managedLoss), "loss");
        AssertSameGradients(managed.Parameters, torchRun.Parameters, "tvae");
    }

    /// <summary>
    /// ‖g_torch − g_managed‖ ≤ 1e-4 · ‖g_managed‖ for every parameter, and the gradients are not all zero.
    /// A bias that feeds a BatchNorm (the generator's residual blocks) has a gradient of exactly zero
    /// (the normalisation removes any shift); both engines compute rounding noise there, which must be
    /// negligible against the network's gradient instead.
    /// </summary>
    private static void AssertSameGradients(IReadOnlyList<Parameter> managed, IReadOnlyList<global::TorchSharp.Modules.Parameter> torch, string network)
    {
        Assert.HasCount(managed.Count, torch);
        double total = 0;
        double largest = managed.Max(p => Math.Sqrt(p.Gradient.Sum(g => (double)g * g)));
        for (int i = 0; i < managed.Count; i++)
        {
            if (managed[i].Name.EndsWith(".fc.bias", StringComparison.Ordinal))
            {
                double m = Math.Sqrt(managed[i].Gradient.Sum(g => (double)g * g)), t = Math.Sqrt(TorchTensors.Gradient(torch[i]).Sum(g => (double)g * g));
                Assert.IsLessThan(1e-5 * largest, Math.Max(m, t), $"{network} {managed[i].Name}: a bias before BatchNorm has no gradient (managed {m:E2}, TorchSharp {t:E2}, largest {largest:E2})");
                continue;
            }

            var expected = managed[i].Gradient;
            var actual = TorchTensors.Gradient(torch[i]);
            Assert.HasCount(expected.Length, actual, managed[i].Name);
            double difference = 0, norm = 0;
            for (int j = 0; j < expected.Length; j++)
            {
                difference += (actual[j] - (double)expected[j]) * (actual[j] - (double)expected[j]);
                norm += (double)expected[j] * expected[j];
            }

            total += norm;
            double relative = Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), 1e-12);
            Assert.IsLessThanOrEqualTo(Tolerance, relative, $"{network} {managed[i].Name}: relative error {relative:E2} (‖g‖ = {Math.Sqrt(norm):E2})");
        }

        Assert.IsGreaterThan(0, total, $"{network}: the gradients are not all zero");
    }
}
