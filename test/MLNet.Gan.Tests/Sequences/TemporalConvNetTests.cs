using MLNet.Gan.Compute;
using MLNet.Gan.Layers;
using MLNet.Gan.Sequences;
using MLNet.Gan.Tests.Layers;

namespace MLNet.Gan.Tests.Sequences;

[TestClass]
public sealed class TemporalConvNetTests
{
    [TestMethod]
    public void Backward_MatchesFiniteDifferences_ForInputsAndEveryParameter()
    {
        // float64 probes of a float32 network: L = Σ r ⊙ f(x), 3 sequences of 20 steps, dilations 1, 2, 4
        var net = new TemporalConvNet(inputChannels: 2, hidden: 5, outputChannels: 2, layers: 3, slope: 0.2f, RandomStream.Create(1), "tcn");
        var rng = RandomStream.Create(2);
        var x = new Matrix(3 * 20, 2);
        rng.FillNormal(x.Span);
        int outRows = 3 * (20 - net.ReceptiveField + 1);
        var r = new float[outRows * 2];
        rng.FillNormal(r);
        double Loss() => Kernels.DotDouble(net.Forward(x, 3, training: true).Span, r);

        Assert.AreEqual(8, net.ReceptiveField);
        Assert.AreEqual(outRows, net.Forward(x, 3, training: true).Rows);
        foreach (var p in net.Parameters)
        {
            p.ClearGradient();
        }

        Loss();
        var dx = net.Backward(Matrix.FromArray(outRows, 2, r))!.Span.ToArray();
        var grads = net.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        var probe = RandomStream.Create(3);
        GradientCheck.CheckValues("input", x.Data, x.Rows * x.Cols, dx, Loss, 1e-2f, 2e-2, 2e-3, 120, probe);
        for (int i = 0; i < net.Parameters.Count; i++)
        {
            GradientCheck.CheckValues(net.Parameters[i].Name, net.Parameters[i].Value, net.Parameters[i].Length, grads[i], Loss, 1e-2f, 2e-2, 2e-3, 60, probe);
        }
    }

    [TestMethod]
    public void Outputs_AreCausal_EachSeesOnlyItsReceptiveField()
    {
        var net = new TemporalConvNet(1, 4, 1, layers: 3, slope: 0.2f, RandomStream.Create(4), "tcn");
        var x = new Matrix(30, 1);
        RandomStream.Create(5).FillNormal(x.Span);
        var before = net.Forward(x, 1, training: false).Span.ToArray();
        x[20, 0] += 1f; // input step 20 feeds outputs 13 … 22 (output t sees inputs t … t + 7)
        var after = net.Forward(x, 1, training: false).Span.ToArray();
        for (int t = 0; t < before.Length; t++)
        {
            bool sees = t <= 20 && 20 <= t + 7;
            Assert.AreEqual(sees, before[t] != after[t], $"output {t}");
        }
    }
}

[TestClass]
public sealed class SequenceNetworkTests
{
    [TestMethod]
    public void Generator_DriftAndVolatilityHeads_MatchFiniteDifferences()
    {
        // values = D·tanh(h ÷ D) + exp(log σ)·W_δ(Z) from a network over noise, Z_{t−1}, |Z_{t−1}| and the memory; the draws are rewound per pass
        var generator = new SequenceGenerator(noiseChannels: 2, tails: [(0.1, 0.05), (0.2, 0.15)], hidden: 5, layers: 2, RandomStream.Create(1));
        var rng = RandomStream.Create(2);
        var state = rng.GetState();
        var r = new float[3 * 6 * 2];
        RandomStream.Create(3).FillNormal(r);
        double Loss()
        {
            rng.SetState(state);
            return Kernels.DotDouble(generator.Forward(3, 6, rng, training: true).Span, r);
        }

        foreach (var p in generator.Network.Parameters)
        {
            p.ClearGradient();
        }

        Loss();
        generator.Backward(Matrix.FromArray(18, 2, r));
        var probe = RandomStream.Create(4);
        foreach (var p in generator.Network.Parameters)
        {
            GradientCheck.CheckValues(p.Name, p.Value, p.Length, p.Gradient.ToArray(), Loss, 1e-2f, 2e-2, 2e-3, 40, probe);
        }
    }

    [TestMethod]
    public void Critic_ValueAndSizeFeatures_MatchFiniteDifferences()
    {
        var critic = new SequenceCritic(assets: 2, hidden: 4, layers: 2, RandomStream.Create(5)) { ComputeInputGradient = true };
        var x = new Matrix(2 * 9, 2);
        RandomStream.Create(6).FillNormal(x.Span);
        var r = new float[2 * (9 - 4 + 1)];
        RandomStream.Create(7).FillNormal(r);
        double Loss() => Kernels.DotDouble(critic.Forward(x, 2).Span, r);
        Loss();
        var dx = critic.Backward(Matrix.FromArray(r.Length, 1, r))!.Span.ToArray();
        GradientCheck.CheckValues("values", x.Data, x.Rows * x.Cols, dx, Loss, 1e-3f, 2e-2, 2e-3, 36, RandomStream.Create(8));
    }
}
