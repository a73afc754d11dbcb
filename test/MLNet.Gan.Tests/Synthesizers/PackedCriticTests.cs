using MLNet.Gan.Compute;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tests.Layers;

namespace MLNet.Gan.Tests.Synthesizers;

[TestClass]
public sealed class PackedCriticTests
{
    private static (PackedCritic Critic, RandomStream Dropout, MLNet.Gan.Compute.Matrix Rows) Build()
    {
        var dropout = RandomStream.Create(2);
        var critic = new PackedCritic(rowWidth: 3, pac: 2, hidden: [5, 4], leakySlope: 0.2f, dropout: 0.5f, RandomStream.Create(1), dropout);
        return (critic, dropout, GradientCheck.Input(6, 3, 3));
    }

    [TestMethod]
    public void InputGradient_FromSecondLinearPass_EqualsBackpropOfUnitScore()
    {
        var (critic, dropout, rows) = Build();
        var state = dropout.GetState();
        var scores = critic.Forward(rows, training: true);
        var g = critic.InputGradientOfLastForward().Span.ToArray();
        dropout.SetState(state);
        critic.Forward(rows, training: true);
        var ones = new MLNet.Gan.Compute.Matrix(scores.Rows, 1);
        ones.Span.Fill(1f);
        var backprop = critic.Backward(ones).Span.ToArray();
        Assert.AreEqual(backprop.Length, g.Length);
        for (int i = 0; i < g.Length; i++)
        {
            Assert.AreEqual(backprop[i], g[i], 1e-5f * (1 + Math.Abs(backprop[i])), $"∂D/∂x[{i}]");
        }
    }

    [TestMethod]
    public void InputGradient_MatchesFiniteDifferencesOfTheScore()
    {
        var (critic, dropout, rows) = Build();
        var state = dropout.GetState();
        critic.Forward(rows, training: true);
        var g = critic.InputGradientOfLastForward().Span.ToArray();
        double Score()
        {
            dropout.SetState(state);
            return critic.Forward(rows, training: true).Span.ToArray().Sum(v => (double)v);
        }

        GradientCheck.CheckValues("x", rows.Data, rows.Rows * rows.Cols, g, Score, 1e-2f, 2e-2, 2e-3, 100, RandomStream.Create(4));
    }

    [TestMethod]
    public void GradientPenalty_ParameterGradientMatchesFiniteDifferences()
    {
        var (critic, dropout, rows) = Build();
        var state = dropout.GetState();
        foreach (var p in critic.Parameters)
        {
            p.ClearGradient();
        }

        critic.GradientPenalty(rows, lambda: 10f);
        var analytic = critic.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        double Penalty()
        {
            dropout.SetState(state);
            return critic.GradientPenalty(rows, lambda: 10f);
        }

        for (int i = 0; i < critic.Parameters.Count; i++)
        {
            var p = critic.Parameters[i];
            GradientCheck.CheckValues(p.Name, p.Value, p.Length, analytic[i], Penalty, 1e-2f, 2e-2, 2e-3, 100, RandomStream.Create(5));
        }
    }

    [TestMethod]
    public void Rows_NotAMultipleOfPac_IsAClearError()
    {
        var (critic, _, _) = Build();
        var e = Assert.ThrowsExactly<ArgumentException>(() => critic.Forward(new MLNet.Gan.Compute.Matrix(5, 3), training: true));
        StringAssert.Contains(e.Message, "packs 2 rows");
    }
}
