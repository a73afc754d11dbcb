using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Tests.Layers;

/// <summary>
/// Central finite differences against a layer's Backward, for L = Σ r ⊙ f(x) with a fixed random r.
/// Layers that draw noise (dropout, Gumbel) get their stream rewound before every forward pass, so
/// each evaluation sees the same noise.
/// </summary>
internal static class GradientCheck
{
    public static void Check(Layer layer, Matrix x, bool training, RandomStream? noise = null, float eps = 1e-2f, double relTol = 2e-2, double absTol = 2e-3, int maxProbes = 80)
    {
        var probe = RandomStream.Create(12345);
        var noiseState = noise?.GetState();
        var r = new float[x.Rows * layer.OutputWidth];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (2f * probe.NextFloat()) - 1f;
        }

        double Loss()
        {
            if (noiseState is { } s)
            {
                noise!.SetState(s);
            }

            return Kernels.DotDouble(layer.Forward(x, training).Span, r);
        }

        foreach (var p in layer.Parameters)
        {
            p.ClearGradient();
        }

        Loss();
        var dy = Matrix.FromArray(x.Rows, layer.OutputWidth, r);
        var dx = layer.Backward(dy).Span.ToArray();
        var analyticParams = layer.Parameters.Select(p => p.Gradient.ToArray()).ToArray();

        CheckValues("input", x.Data, x.Rows * x.Cols, dx, Loss, eps, relTol, absTol, maxProbes, probe);
        for (int i = 0; i < layer.Parameters.Count; i++)
        {
            var p = layer.Parameters[i];
            CheckValues(p.Name, p.Value, p.Length, analyticParams[i], Loss, eps, relTol, absTol, maxProbes, probe);
        }
    }

    /// <summary>Checks a loss: <paramref name="lossAndGradient"/> returns the loss and writes dLoss/dx.</summary>
    public static void CheckLoss(float[] x, Func<float[], float[], double> lossAndGradient, float eps = 1e-2f, double relTol = 1e-2, double absTol = 1e-4)
    {
        var analytic = new float[x.Length];
        lossAndGradient(x, analytic);
        var scratch = new float[x.Length];
        CheckValues("loss input", x, x.Length, analytic, () => lossAndGradient(x, scratch), eps, relTol, absTol, x.Length, RandomStream.Create(1));
    }

    internal static void CheckValues(string what, float[] values, int count, float[] analytic, Func<double> loss, float eps, double relTol, double absTol, int maxProbes, RandomStream probe)
    {
        int probes = Math.Min(count, maxProbes);
        for (int n = 0; n < probes; n++)
        {
            int i = count <= maxProbes ? n : probe.NextInt(count);
            // A step that crosses a ReLU kink gives a wrong difference at that step only; a wrong
            // gradient disagrees at every step. So a mismatch is retried with smaller steps.
            double numeric = 0;
            bool agrees = false;
            for (float step = eps; step >= eps / 20 && !agrees; step /= 4)
            {
                numeric = CentralDifference(values, i, step, loss);
                agrees = Math.Abs(numeric - analytic[i]) <= absTol + (relTol * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])));
            }

            Assert.IsTrue(agrees, $"d/d{what}[{i}]: numeric {numeric}, analytic {analytic[i]}");
        }

        loss();
    }

    private static double CentralDifference(float[] values, int i, float step, Func<double> loss)
    {
        float original = values[i];
        values[i] = original + step;
        double plus = loss();
        values[i] = original - step;
        double minus = loss();
        values[i] = original;
        return (plus - minus) / (2.0 * step);
    }

    /// <summary>A B×C input with values away from 0 (ReLU kinks) in ±[0.1, 1.1].</summary>
    public static Matrix Input(int rows, int cols, long seed)
    {
        var rng = RandomStream.Create(seed);
        var m = new Matrix(rows, cols);
        var s = m.Span;
        for (int i = 0; i < s.Length; i++)
        {
            float v = 0.1f + rng.NextFloat();
            s[i] = rng.NextFloat() < 0.5f ? -v : v;
        }

        return m;
    }
}
