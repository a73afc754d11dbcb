using MLNet.Gan.Compute;
using MLNet.Gan.Images;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tests.Layers;

namespace MLNet.Gan.Tests.Images;

/// <summary>WGAN-GP's penalty on the image discriminator: its input gradient and its double-backpropagation gradient.</summary>
[TestClass]
public sealed class DiscriminatorPenaltyTests
{
    private const int Classes = 3;

    /// <summary>
    /// A small discriminator for 8×8 images of 3 classes, its weights redrawn at a scale where ‖∇ₓD‖ is near 1 (the
    /// DCGAN's N(0, 0.02) makes the gradient vanishingly small, and the penalty nearly constant), and a batch of 3
    /// images with their class planes.
    /// </summary>
    private static (DcganNetworks Networks, RandomStream Dropout, Matrix Input) Build(float dropout)
    {
        var stream = RandomStream.Create(7);
        var options = new DcganOptions { Channels = [6, 4, 3], Dropout = dropout, Loss = GanLoss.WassersteinGradientPenalty };
        var networks = new DcganNetworks(new ImageShape(1, 8, 8), Classes, options, RandomStream.Create(1), stream);
        var redraw = RandomStream.Create(2);
        foreach (var p in networks.Discriminator.Parameters)
        {
            float scale = p.Name.EndsWith(".bias", StringComparison.Ordinal) ? 0.1f : 0.25f;
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = scale * ((2f * redraw.NextFloat()) - 1f);
            }
        }

        var images = GradientCheck.Input(3, 64, 3);
        var input = new Matrix(3, networks.ConditionedShape.Size);
        networks.WriteDiscriminatorInput(images, [0, 2, 1], input);
        return (networks, stream, input);
    }

    [TestMethod]
    [DataRow(0.3f)]
    [DataRow(0f)]
    public void InputGradient_EqualsBackpropagationOfAUnitScore(float dropout)
    {
        var (networks, stream, input) = Build(dropout);
        var penalty = new DiscriminatorPenalty(networks);
        var state = stream.GetState();
        var d = networks.Discriminator;
        d.Forward(input, training: true);
        var g = penalty.InputGradientOfLastForward().Span.ToArray();
        foreach (var p in d.Parameters)
        {
            Assert.IsTrue(p.Gradient.ToArray().All(v => v == 0f), $"{p.Name}: the input gradient leaves parameter gradients alone");
        }

        stream.SetState(state);
        var scores = d.Forward(input, training: true);
        var ones = new Matrix(scores.Rows, 1);
        ones.Span.Fill(1f);
        var backpropagated = d.Backward(ones).Span.ToArray();
        Assert.AreEqual(backpropagated.Length, g.Length);
        Assert.IsTrue(g.Any(v => Math.Abs(v) > 1e-3f), "a gradient that is not zero");
        for (int i = 0; i < g.Length; i++)
        {
            Assert.AreEqual(backpropagated[i], g[i], 1e-5f * (1 + Math.Abs(backpropagated[i])), $"∂D/∂x[{i}]");
        }
    }

    [TestMethod]
    [DataRow(0.3f)]
    [DataRow(0f)]
    public void Penalty_ParameterGradientMatchesFiniteDifferences(float dropout)
    {
        var (networks, stream, input) = Build(dropout);
        var penalty = new DiscriminatorPenalty(networks);
        var parameters = networks.Discriminator.Parameters;
        var state = stream.GetState();
        double value = penalty.Penalty(input, lambda: 10f);
        Assert.IsTrue(value > 0.1, $"a penalty far enough from 0 to have a gradient ({value})");
        var analytic = parameters.Select(p => p.Gradient.ToArray()).ToArray();
        Assert.IsTrue(analytic[0].Any(v => Math.Abs(v) > 1e-3f), "the first convolution's weight moves the penalty");
        double Penalty()
        {
            stream.SetState(state);
            return penalty.Penalty(input, lambda: 10f);
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            GradientCheck.CheckValues(p.Name, p.Value, p.Length, analytic[i], Penalty, 1e-2f, 2e-2, 2e-3, 60, RandomStream.Create(5));
        }
    }

    [TestMethod]
    public void Penalty_IsTheSquaredDistanceOfEachImageGradientNormFromOne()
    {
        // A hand computation: the gradient over the pixels only (class planes excluded), λ/B · Σ (‖g‖ − 1)².
        var (networks, stream, input) = Build(0.3f);
        var penalty = new DiscriminatorPenalty(networks);
        var state = stream.GetState();
        networks.Discriminator.Forward(input, training: true);
        var g = penalty.InputGradientOfLastForward();
        double expected = 0;
        for (int r = 0; r < g.Rows; r++)
        {
            double norm = Math.Sqrt(g.Row(r)[..64].ToArray().Sum(v => (double)v * v));
            expected += (norm - 1) * (norm - 1);
        }

        expected *= 10.0 / g.Rows;
        stream.SetState(state);
        Assert.AreEqual(expected, penalty.Penalty(input, lambda: 10f), 1e-6 * expected);
    }
}
