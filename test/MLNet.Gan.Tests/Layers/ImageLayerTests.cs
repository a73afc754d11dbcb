using MLNet.Gan.Compute;
using MLNet.Gan.Layers;
using MLNet.Gan.Tests.Compute;

namespace MLNet.Gan.Tests.Layers;

/// <summary>
/// The image layers: forward against direct loops over the definitions, backward against finite
/// differences on every SIMD path, the same bits on one thread and two, and no allocation once sized.
/// </summary>
[TestClass]
public sealed class ImageLayerTests
{
    /// <summary>out[b, o, y, x] = bias[o] + Σ_c,ky,kx W[o, c, ky, kx] · in[b, c, y·s − p + ky, x·s − p + kx] (zero outside).</summary>
    private static double[] NaiveConv(Matrix x, ImageShape shape, float[] w, float[] bias, int oc, int k, int s, int p, int oh, int ow)
    {
        var y = new double[x.Rows * oc * oh * ow];
        for (int b = 0; b < x.Rows; b++)
        {
            for (int o = 0; o < oc; o++)
            {
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = bias[o];
                        for (int c = 0; c < shape.Channels; c++)
                        {
                            for (int ky = 0; ky < k; ky++)
                            {
                                for (int kx = 0; kx < k; kx++)
                                {
                                    int iy = (oy * s) - p + ky, ix = (ox * s) - p + kx;
                                    if (iy >= 0 && iy < shape.Height && ix >= 0 && ix < shape.Width)
                                    {
                                        sum += (double)w[(((o * shape.Channels) + c) * k * k) + (ky * k) + kx] * x.Row(b)[(c * shape.Pixels) + (iy * shape.Width) + ix];
                                    }
                                }
                            }
                        }

                        y[(((b * oc) + o) * oh * ow) + (oy * ow) + ox] = sum;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>Every input pixel adds W[c, o, ky, kx]·in[b, c, y, x] at output (y·s − p + ky, x·s − p + kx), kept where it lands inside.</summary>
    private static double[] NaiveTransposed(Matrix x, ImageShape shape, float[] w, float[]? bias, ImageShape output, int k, int s, int p)
    {
        var y = new double[x.Rows * output.Size];
        for (int b = 0; b < x.Rows; b++)
        {
            for (int o = 0; o < output.Channels; o++)
            {
                for (int i = 0; i < output.Pixels; i++)
                {
                    y[(b * output.Size) + (o * output.Pixels) + i] = bias?[o] ?? 0;
                }
            }

            for (int c = 0; c < shape.Channels; c++)
            {
                for (int iy = 0; iy < shape.Height; iy++)
                {
                    for (int ix = 0; ix < shape.Width; ix++)
                    {
                        double v = x.Row(b)[(c * shape.Pixels) + (iy * shape.Width) + ix];
                        for (int o = 0; o < output.Channels; o++)
                        {
                            for (int ky = 0; ky < k; ky++)
                            {
                                for (int kx = 0; kx < k; kx++)
                                {
                                    int oy = (iy * s) - p + ky, ox = (ix * s) - p + kx;
                                    if (oy >= 0 && oy < output.Height && ox >= 0 && ox < output.Width)
                                    {
                                        y[(b * output.Size) + (o * output.Pixels) + (oy * output.Width) + ox] += v * w[(((c * output.Channels) + o) * k * k) + (ky * k) + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return y;
    }

    private static void AssertClose(double[] expected, Span<float> actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-4 * (1 + Math.Abs(expected[i])), $"{what}[{i}]");
        }
    }

    [TestMethod]
    [DataRow(2, 7, 7, 3, 5, 2, 2, DisplayName = "DCGAN's 5×5 stride 2 on an odd size")]
    [DataRow(3, 6, 5, 4, 3, 1, 0, DisplayName = "3×3 stride 1, no padding, not square")]
    [DataRow(1, 8, 8, 2, 2, 2, 1, DisplayName = "2×2 stride 2, padding 1")]
    public void Conv2d_Forward_MatchesTheDefinition(int c, int h, int w, int oc, int k, int s, int p)
    {
        var shape = new ImageShape(c, h, w);
        var conv = new Conv2d(shape, oc, k, s, p, RandomStream.Create(1));
        int oh = ((h + (2 * p) - k) / s) + 1, ow = ((w + (2 * p) - k) / s) + 1;
        Assert.AreEqual(new ImageShape(oc, oh, ow), conv.OutputShape);
        var x = GradientCheck.Input(3, shape.Size, 2);
        foreach (var path in SimdPaths.Runnable())
        {
            var y = SimdPaths.On(path, () => conv.Forward(x, training: true).Span.ToArray());
            AssertClose(NaiveConv(x, shape, conv.Weight.Value, conv.Bias.Value, oc, k, s, p, oh, ow), y, $"{path}");
        }
    }

    [TestMethod]
    [DataRow(3, 4, 4, 2, 5, 2, 2, 1, true, DisplayName = "DCGAN's 5×5 stride 2, 4×4 to 8×8")]
    [DataRow(2, 7, 7, 1, 5, 2, 2, 1, false, DisplayName = "7×7 to 14×14, no bias")]
    [DataRow(2, 3, 5, 3, 3, 1, 1, 0, true, DisplayName = "3×3 stride 1, same size, not square")]
    [DataRow(1, 3, 3, 2, 4, 3, 0, 2, true, DisplayName = "4×4 stride 3, output padding 2")]
    public void ConvTranspose2d_Forward_MatchesTheDefinition(int c, int h, int w, int oc, int k, int s, int p, int op, bool bias)
    {
        var shape = new ImageShape(c, h, w);
        var layer = new ConvTranspose2d(shape, oc, k, s, p, op, RandomStream.Create(3), bias);
        var expectedShape = new ImageShape(oc, ((h - 1) * s) - (2 * p) + k + op, ((w - 1) * s) - (2 * p) + k + op);
        Assert.AreEqual(expectedShape, layer.OutputShape);
        var x = GradientCheck.Input(2, shape.Size, 4);
        foreach (var path in SimdPaths.Runnable())
        {
            var y = SimdPaths.On(path, () => layer.Forward(x, training: true).Span.ToArray());
            AssertClose(NaiveTransposed(x, shape, layer.Weight.Value, layer.Bias?.Value, expectedShape, k, s, p), y, $"{path}");
        }
    }

    [TestMethod]
    public void ConvTranspose2d_IsTheAdjointOfConv2d()
    {
        // ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ with the same weights and no bias: the transposed layer is the conv's input gradient
        var big = new ImageShape(2, 8, 8);
        var conv = new Conv2d(big, 3, 5, 2, 2, RandomStream.Create(5));
        Array.Clear(conv.Bias.Value);
        var transposed = new ConvTranspose2d(conv.OutputShape, 2, 5, 2, 2, 1, RandomStream.Create(6), bias: false);
        Assert.AreEqual(big, transposed.OutputShape);
        conv.Weight.Value.CopyTo(transposed.Weight.Value, 0); // (3, 2·5·5) both ways: PyTorch's layouts agree
        var x = GradientCheck.Input(2, big.Size, 7);
        var y = GradientCheck.Input(2, conv.OutputShape.Size, 8);
        double left = Kernels.DotDouble(conv.Forward(x, true).Span, y.Span);
        double right = Kernels.DotDouble(x.Span, transposed.Forward(y, true).Span);
        Assert.AreEqual(left, right, 1e-4 * Math.Abs(left));
    }

    private static IEnumerable<(string Name, Func<Layer> Make, int Rows)> Layers()
    {
        yield return ("conv 5×5/2", () => new Conv2d(new ImageShape(2, 7, 7), 3, 5, 2, 2, RandomStream.Create(11)), 3);
        yield return ("conv 3×3/1", () => new Conv2d(new ImageShape(1, 5, 4), 2, 3, 1, 1, RandomStream.Create(12)), 2);
        yield return ("deconv 5×5/2 bias", () => new ConvTranspose2d(new ImageShape(3, 3, 3), 2, 5, 2, 2, 1, RandomStream.Create(13)), 2);
        yield return ("deconv 5×5/2 no bias", () => new ConvTranspose2d(new ImageShape(2, 4, 4), 1, 5, 2, 2, 1, RandomStream.Create(14), bias: false), 2);
        yield return ("batchnorm2d", () => new BatchNorm2d(new ImageShape(3, 3, 4)), 4);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void ImageLayers_GradientsMatchFiniteDifferences_OnEverySimdPath(bool training)
    {
        foreach (var path in SimdPaths.Runnable())
        {
            foreach (var (name, make, rows) in Layers())
            {
                var layer = make();
                var x = GradientCheck.Input(rows, layer.InputWidth, 21);
                if (layer is BatchNorm2d && !training)
                {
                    layer.Forward(GradientCheck.Input(rows, layer.InputWidth, 22), training: true); // running statistics away from 0 and 1
                }

                try
                {
                    SimdPaths.On(path, () => GradientCheck.Check(layer, x, training, maxProbes: 60));
                }
                catch (AssertFailedException e)
                {
                    throw new AssertFailedException($"{name} on {path}: {e.Message}", e);
                }
            }
        }
    }

    [TestMethod]
    public void ImageLayers_OnTwoThreads_GiveTheBitsOfOne_AndAllocateNothingOnceSized()
    {
        // 16 images of 64×7×7 into 32×14×14 and back: every pass is above the size split between the threads
        var shape = new ImageShape(64, 7, 7);
        (float[] Output, float[] InputGradient, float[] Gradients, long Allocated) Run(int threads)
        {
            int previous = ComputeSettings.Threads;
            ComputeSettings.Threads = threads;
            try
            {
                var deconv = new ConvTranspose2d(shape, 32, 5, 2, 2, 1, RandomStream.Create(31));
                var norm = new BatchNorm2d(deconv.OutputShape);
                var conv = new Conv2d(deconv.OutputShape, 16, 5, 2, 2, RandomStream.Create(32));
                Layer[] layers = [deconv, norm, conv];
                var x = GradientCheck.Input(16, shape.Size, 33);
                var dy = GradientCheck.Input(16, conv.OutputWidth, 34);
                Matrix Step()
                {
                    var h = x;
                    foreach (var l in layers)
                    {
                        h = l.Forward(h, training: true);
                    }

                    var g = dy;
                    for (int i = layers.Length - 1; i >= 0; i--)
                    {
                        g = layers[i].Backward(g);
                    }

                    return g;
                }

                // A real allocation shows in every step; the JIT's tiering allocates now and then in the first
                // few dozen calls. So the fewest bytes of several steps after a warm-up must be zero.
                var dx = Step();
                long allocated = long.MaxValue;
                for (int i = 0; i < 8; i++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    dx = Step();
                    allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                var gradients = layers.SelectMany(l => l.Parameters).SelectMany(p => p.Gradient).ToArray();
                return (conv.Forward(norm.Forward(deconv.Forward(x, true), true), true).Span.ToArray(), dx.Span.ToArray(), gradients, allocated);
            }
            finally
            {
                ComputeSettings.Threads = previous;
            }
        }

        var one = Run(1);
        var two = Run(2);
        CollectionAssert.AreEqual(one.Output, two.Output, "outputs");
        CollectionAssert.AreEqual(one.InputGradient, two.InputGradient, "input gradients");
        CollectionAssert.AreEqual(one.Gradients, two.Gradients, "parameter gradients");
        Assert.AreEqual(0L, one.Allocated, "bytes allocated by a step on one thread (the fewest of 8)");
        Assert.AreEqual(0L, two.Allocated, "bytes allocated by a step on two threads (the fewest of 8)");
    }

    [TestMethod]
    public void BadGeometry_IsAClearError()
    {
        var tooBig = Assert.ThrowsExactly<ArgumentException>(() => new Conv2d(new ImageShape(1, 3, 3), 2, 5, 1, 0, RandomStream.Create(1)));
        StringAssert.Contains(tooBig.Message, "5×5 kernel");
        var padding = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ConvTranspose2d(new ImageShape(1, 4, 4), 2, 5, 2, 2, 2, RandomStream.Create(1)));
        StringAssert.Contains(padding.Message, "output padding");
        var conv = new Conv2d(new ImageShape(1, 8, 8), 2, 3, 1, 1, RandomStream.Create(1));
        var width = Assert.ThrowsExactly<ArgumentException>(() => conv.Forward(new Matrix(2, 63), true));
        StringAssert.Contains(width.Message, "64");
    }
}
