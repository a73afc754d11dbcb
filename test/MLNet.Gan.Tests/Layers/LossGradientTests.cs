using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Tests.Layers;

[TestClass]
public sealed class LossGradientTests
{
    private static float[] Values(int n, long seed)
    {
        var rng = RandomStream.Create(seed);
        return Enumerable.Range(0, n).Select(_ => (4f * rng.NextFloat()) - 2f).ToArray();
    }

    [TestMethod]
    [DataRow(0f)]
    [DataRow(1f)]
    public void BceWithLogits_GradientMatchesFiniteDifferences(float target)
        => GradientCheck.CheckLoss(Values(12, 1), (x, g) => Losses.BceWithLogits(x, target, g, scale: 0.7f));

    [TestMethod]
    public void BceWithLogits_MatchesDefinitionAndIsStable()
    {
        var g = new float[3];
        double loss = Losses.BceWithLogits([0f, 2f, -3f], 1f, g);
        double expected = (Math.Log(2) + Math.Log(1 + Math.Exp(-2)) + Math.Log(1 + Math.Exp(3))) / 3;
        Assert.AreEqual(expected, loss, 1e-6);
        Assert.AreEqual(100.0 / 1, Losses.BceWithLogits([100f], 0f, new float[1]), 1e-4);
    }

    [TestMethod]
    public void MeanSquaredError_GradientMatchesFiniteDifferences()
    {
        GradientCheck.CheckLoss(Values(10, 2), (x, g) => Losses.MeanSquaredError(x, 1f, g, scale: 0.5f));
        var targets = Values(10, 3);
        GradientCheck.CheckLoss(Values(10, 4), (x, g) => Losses.MeanSquaredError(x, targets, g));
    }

    [TestMethod]
    public void CrossEntropyOverSpans_GradientMatchesFiniteDifferences()
    {
        int rows = 4, cols = 9;
        int[] start = [0, 3, 3, 0];
        int[] length = [3, 6, 6, 3];
        int[] target = [2, 0, 5, -1];
        GradientCheck.CheckLoss(Values(rows * cols, 5), (x, g) =>
        {
            var logits = Matrix.FromArray(rows, cols, x);
            var grad = new Matrix(rows, cols);
            double loss = Losses.CrossEntropyOverSpans(logits, start, length, target, grad);
            grad.Span.CopyTo(g);
            return loss;
        });
    }

    [TestMethod]
    public void CrossEntropyOverSpans_OfUniformLogits_IsLogOfSpanLength()
    {
        var logits = new Matrix(2, 4);
        var grad = new Matrix(2, 4);
        double loss = Losses.CrossEntropyOverSpans(logits, [0, 0], [4, 4], [1, 3], grad);
        Assert.AreEqual(Math.Log(4), loss, 1e-6);
    }
}
