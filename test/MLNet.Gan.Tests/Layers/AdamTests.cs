using MLNet.Gan.Layers;

namespace MLNet.Gan.Tests.Layers;

[TestClass]
public sealed class AdamTests
{
    /// <summary>PyTorch's Adam written out in double precision, step by step, as the reference.</summary>
    private static double[] ReferenceAdam(double[] theta, Func<double[], double[]> gradient, int steps, double lr, double b1, double b2, double eps, double wd, bool decoupled)
    {
        var t = (double[])theta.Clone();
        var m = new double[t.Length];
        var v = new double[t.Length];
        for (int step = 1; step <= steps; step++)
        {
            var g = gradient(t);
            for (int i = 0; i < t.Length; i++)
            {
                if (decoupled)
                {
                    t[i] *= 1 - (lr * wd);
                }
                else
                {
                    g[i] += wd * t[i];
                }

                m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
                v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
                double denom = (Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(b2, step))) + eps;
                t[i] -= lr / (1 - Math.Pow(b1, step)) * m[i] / denom;
            }
        }

        return t;
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Adam_MatchesPyTorchUpdateRule(bool decoupled)
    {
        // f(θ) = Σ (θᵢ − i)² / 2 + θ₀θ₁: gradient θᵢ − i (+ the cross term).
        static double[] Grad(double[] t)
        {
            var g = new double[t.Length];
            for (int i = 0; i < t.Length; i++)
            {
                g[i] = t[i] - i;
            }

            g[0] += t[1];
            g[1] += t[0];
            return g;
        }

        int n = 37; // spans a vector body and a scalar tail
        var p = new Parameter("p", 1, n);
        for (int i = 0; i < n; i++)
        {
            p.Value[i] = (float)Math.Sin(i);
        }

        var start = p.Value.Select(v => (double)v).ToArray();
        var options = new AdamOptions { LearningRate = 0.01f, Beta1 = 0.5f, Beta2 = 0.9f, WeightDecay = 0.1f, DecoupledWeightDecay = decoupled };
        var adam = new Adam([p], options);
        for (int step = 0; step < 25; step++)
        {
            var g = Grad(p.Value.Select(v => (double)v).ToArray());
            for (int i = 0; i < n; i++)
            {
                p.Gradient[i] = (float)g[i];
            }

            adam.Step();
            Assert.IsTrue(p.Gradient.All(x => x == 0f), "Step clears gradients");
        }

        var expected = ReferenceAdam(start, Grad, 25, 0.01, 0.5, 0.9, 1e-8, 0.1, decoupled);
        for (int i = 0; i < n; i++)
        {
            Assert.AreEqual(expected[i], p.Value[i], 1e-5, $"θ[{i}]");
        }

        Assert.AreEqual(25, adam.StepCount);
    }
}
