using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Tests.Layers;

[TestClass]
public sealed class LayerGradientTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Linear_GradientsMatchFiniteDifferences(bool training)
        => GradientCheck.Check(new Linear(7, 5, RandomStream.Create(1)), GradientCheck.Input(6, 7, 2), training);

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void BatchNorm_GradientsMatchFiniteDifferences(bool training)
    {
        var bn = new BatchNorm1d(5);
        var rng = RandomStream.Create(3);
        bn.Parameters[0].InitUniform(rng, 2f); // γ away from 1 so the check sees it
        bn.Parameters[1].InitUniform(rng, 1f);
        bn.RunningMean.AsSpan().Fill(0.3f);
        bn.RunningVariance.AsSpan().Fill(0.7f);
        GradientCheck.Check(bn, GradientCheck.Input(8, 5, 4), training, eps: 5e-3f);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void ElementwiseActivations_GradientsMatchFiniteDifferences(bool training)
    {
        var x = GradientCheck.Input(4, 6, 5);
        GradientCheck.Check(new ReLU(6), x, training, eps: 1e-2f);
        GradientCheck.Check(new LeakyReLU(6, 0.2f), x, training, eps: 1e-2f);
        GradientCheck.Check(new Tanh(6), x, training, eps: 1e-2f);
        GradientCheck.Check(new Sigmoid(6), x, training, eps: 1e-2f);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Dropout_GradientsMatchFiniteDifferences(bool training)
    {
        var rng = RandomStream.Create(6);
        GradientCheck.Check(new Dropout(9, 0.5f, rng), GradientCheck.Input(5, 9, 7), training, noise: rng);
    }

    [TestMethod]
    public void Dropout_ZeroesAboutHalfAndScalesSurvivors()
    {
        var d = new Dropout(100, 0.5f, RandomStream.Create(8));
        var x = new Matrix(100, 100);
        x.Span.Fill(1f);
        var y = d.Forward(x, training: true).Span.ToArray();
        int zeros = y.Count(v => v == 0f);
        Assert.IsTrue(zeros is > 4700 and < 5300, $"{zeros} zeros of 10000");
        Assert.IsTrue(y.All(v => v == 0f || v == 2f));
        CollectionAssert.AreEqual(x.Span.ToArray(), d.Forward(x, training: false).Span.ToArray());
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void SpanActivation_GradientsMatchFiniteDifferences(bool training)
    {
        var rng = RandomStream.Create(9);
        ColumnSpan[] spans = [new(0, 1, SpanKind.Tanh), new(1, 3, SpanKind.GumbelSoftmax), new(4, 1, SpanKind.Tanh), new(5, 4, SpanKind.GumbelSoftmax)];
        var layer = new SpanActivation(spans, 0.2f, rng);
        GradientCheck.Check(layer, GradientCheck.Input(5, 9, 10), training, noise: rng, eps: 1e-3f, relTol: 3e-2, absTol: 5e-3);
    }

    [TestMethod]
    public void SpanActivation_OneHotSpansSumToOne()
    {
        ColumnSpan[] spans = [new(0, 1, SpanKind.Tanh), new(1, 4, SpanKind.GumbelSoftmax)];
        var layer = new SpanActivation(spans, 0.2f, RandomStream.Create(1));
        var y = layer.Forward(GradientCheck.Input(20, 5, 2), training: false);
        for (int r = 0; r < y.Rows; r++)
        {
            Assert.AreEqual(1.0, y.Row(r)[1..].ToArray().Sum(), 1e-5);
            Assert.IsTrue(Math.Abs(y[r, 0]) < 1f);
        }
    }

    [TestMethod]
    public void SpanActivation_OnTwoThreads_DrawsAddGumbelsNoise_AndMatchesOneThread()
    {
        // 300 rows × 120 columns: above the size from which the rows are split between the threads
        ColumnSpan[] spans = [new(0, 1, SpanKind.Tanh), new(1, 10, SpanKind.GumbelSoftmax), new(11, 2, SpanKind.GumbelSoftmax), new(13, 107, SpanKind.GumbelSoftmax)];
        var x = GradientCheck.Input(300, 120, 31);
        var dy = GradientCheck.Input(300, 120, 32);

        // the reference: each row's noise from AddGumbel (as the TorchSharp engine draws it), then the activations
        var expected = new Matrix(300, 120);
        x.Span.CopyTo(expected.Span);
        var reference = RandomStream.Create(33);
        for (int r = 0; r < 300; r++)
        {
            var row = expected.Row(r);
            SpanActivation.AddGumbel(row, spans, reference);
            System.Numerics.Tensors.TensorPrimitives.Tanh(row[..1], row[..1]);
            foreach (var s in spans.Skip(1))
            {
                Kernels.Softmax(row.Slice(s.Start, s.Length), 0.2f);
            }
        }

        float[][] Run(int threads)
        {
            int previous = ComputeSettings.Threads;
            ComputeSettings.Threads = threads;
            try
            {
                var layer = new SpanActivation(spans, 0.2f, RandomStream.Create(33));
                var y = layer.Forward(x, training: true).Span.ToArray();
                return [y, layer.Backward(dy).Span.ToArray()];
            }
            finally
            {
                ComputeSettings.Threads = previous;
            }
        }

        var one = Run(1);
        var two = Run(2);
        CollectionAssert.AreEqual(expected.Span.ToArray(), one[0]);
        CollectionAssert.AreEqual(one[0], two[0]);
        CollectionAssert.AreEqual(one[1], two[1]);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void ResidualConcat_GradientsMatchFiniteDifferences(bool training)
    {
        var block = new ResidualConcat(6, 4, RandomStream.Create(11));
        block.Norm.RunningMean.AsSpan().Fill(0.1f);
        GradientCheck.Check(block, GradientCheck.Input(8, 6, 12), training, eps: 5e-3f);
    }

    [TestMethod]
    public void GeneratorShapedNetwork_GradientsMatchFiniteDifferences()
    {
        var rng = RandomStream.Create(13);
        var noise = RandomStream.Create(14);
        ColumnSpan[] spans = [new(0, 1, SpanKind.Tanh), new(1, 3, SpanKind.GumbelSoftmax)];
        var net = new Sequential(
            new ResidualConcat(5, 8, rng, "res1"),
            new ResidualConcat(13, 8, rng, "res2"),
            new Linear(21, 4, rng, "out"),
            new SpanActivation(spans, 0.5f, noise));
        GradientCheck.Check(net, GradientCheck.Input(6, 5, 15), training: true, noise: noise, eps: 2e-3f, relTol: 3e-2, absTol: 5e-3);
    }

    [TestMethod]
    public void CriticShapedNetwork_GradientsMatchFiniteDifferences()
    {
        var rng = RandomStream.Create(16);
        var dropoutRng = RandomStream.Create(17);
        var net = new Sequential(
            new Linear(10, 8, rng, "fc1"), new LeakyReLU(8, 0.2f), new Dropout(8, 0.5f, dropoutRng),
            new Linear(8, 1, rng, "fc2"));
        GradientCheck.Check(net, GradientCheck.Input(5, 10, 18), training: true, noise: dropoutRng, eps: 1e-3f);
    }

    [TestMethod]
    public void Sequential_RejectsMismatchedWidthsAndDuplicateNames()
    {
        var rng = RandomStream.Create(1);
        Assert.ThrowsExactly<ArgumentException>(() => new Sequential(new Linear(3, 4, rng), new Linear(5, 1, rng)));
        Assert.ThrowsExactly<ArgumentException>(() => new Sequential(new Linear(3, 3, rng, "a"), new Linear(3, 3, rng, "a")));
    }

    [TestMethod]
    [DataRow(256)]
    [DataRow(257)] // bias and activation passes split at odd places between the threads
    public void Mlp_ForwardBackward_OneAndTwoThreads_AreBitIdentical(int hidden)
    {
        float[] Run(int threads)
        {
            int previous = ComputeSettings.Threads;
            ComputeSettings.Threads = threads;
            try
            {
                var rng = RandomStream.Create(21);
                var net = new Sequential(new Linear(300, hidden, rng, "a"), new ReLU(hidden), new Linear(hidden, hidden, rng, "b"), new Tanh(hidden), new Linear(hidden, 1, rng, "c"));
                var x = GradientCheck.Input(500, 300, 22);
                var y = net.Forward(x, training: true);
                var dy = new Matrix(500, 1);
                dy.Span.Fill(1f / 500);
                var dx = net.Backward(dy);
                return [.. y.Span.ToArray(), .. dx.Span.ToArray(), .. net.Parameters.SelectMany(p => p.Gradient)];
            }
            finally
            {
                ComputeSettings.Threads = previous;
            }
        }

        CollectionAssert.AreEqual(Run(1), Run(2));
    }
}
