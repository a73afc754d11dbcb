using System.Numerics.Tensors;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Encoding;

/// <summary>A fitted one-dimensional Gaussian mixture: weights, means and standard deviations of its kept components.</summary>
internal sealed record GaussianMixture1D(double[] Weights, double[] Means, double[] StdDevs)
{
    /// <summary>Number of components.</summary>
    public int Count => Weights.Length;
}

/// <summary>
/// A one-dimensional variational Bayesian Gaussian mixture with a Dirichlet-process (stick-breaking)
/// prior on the weights (Blei &amp; Jordan 2006; Bishop, PRML §10.2), initialised from k-means. With a
/// small concentration the posterior puts near-zero weight on components the data does not need,
/// so the number of modes is learned. Priors: mean prior = data mean with precision 1, one degree
/// of freedom, covariance prior = data variance.
/// </summary>
/// <remarks>
/// Fitting runs on the distinct values with their counts: the responsibilities depend only on the
/// value, so this is exact, and it turns a 150,000-row integer column into a few hundred points.
/// The E-step is vectorised across values, one component at a time.
/// </remarks>
internal partial class BayesianGaussianMixture
{
    private const double RegCovar = 1e-6;
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// The modes of a column as the encoder uses them: the variational fit, components of weight
    /// above <paramref name="weightThreshold"/>, then redundant neighbours merged (<see cref="MergeRedundant"/>).
    /// </summary>
    public static GaussianMixture1D FitModes(ReadOnlySpan<double> values, int maxComponents = 10, double weightConcentration = 1e-3, int maxIterations = 100, double weightThreshold = 0.005, long seed = 0)
    {
        var mixture = Fit(values, maxComponents, weightConcentration, maxIterations, seed: seed);
        return MergeRedundant(KeepSignificant(mixture, weightThreshold), values);
    }

    /// <summary>Fits the mixture to <paramref name="values"/> (no NaN) and returns every component with its weight.</summary>
    public static GaussianMixture1D Fit(ReadOnlySpan<double> values, int maxComponents = 10, double weightConcentration = 1e-3, int maxIterations = 100, double tolerance = 1e-3, long seed = 0)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("Cannot fit a mixture to no values.", nameof(values));
        }

        var (x, c) = Distinct(values);
        int u = x.Length;
        double n = values.Length;
        double mean = TensorPrimitives.Dot<double>(x, c) / n;
        double variance = 0;
        for (int i = 0; i < u; i++)
        {
            variance += c[i] * (x[i] - mean) * (x[i] - mean);
        }

        variance = n > 1 ? variance / (n - 1) : 0;
        if (u == 1 || variance <= 0)
        {
            // A constant column: one mode; a small σ keeps α finite and decoding exact.
            return new GaussianMixture1D([1.0], [x[0]], [Math.Max(1e-6, Math.Abs(x[0]) * 1e-6)]);
        }

        int k = Math.Min(maxComponents, u);
        var resp = new double[k][];
        for (int j = 0; j < k; j++)
        {
            resp[j] = new double[u];
        }

        KMeansInit(x, c, k, seed, resp);

        var state = new Posterior(k);
        var work = new double[u];
        var max = new double[u];
        var sum = new double[u];
        var deviation = new double[u];
        double previous = double.NegativeInfinity;
        for (int iter = 0; iter < maxIterations; iter++)
        {
            state.Update(x, c, resp, mean, variance, weightConcentration, work, deviation);
            double bound = EStep(x, c, n, state, resp, work, max, sum);
            if (Math.Abs(bound - previous) < tolerance)
            {
                break;
            }

            previous = bound;
        }

        state.Update(x, c, resp, mean, variance, weightConcentration, work, deviation);
        return state.ToMixture();
    }

    /// <summary>Keeps components whose weight exceeds <paramref name="threshold"/> (the heaviest at least), weights renormalised.</summary>
    public static GaussianMixture1D KeepSignificant(GaussianMixture1D mixture, double threshold)
    {
        var keep = Enumerable.Range(0, mixture.Count).Where(i => mixture.Weights[i] > threshold).ToList();
        if (keep.Count == 0)
        {
            keep.Add(Array.IndexOf(mixture.Weights, mixture.Weights.Max()));
        }

        double total = keep.Sum(i => mixture.Weights[i]);
        return new GaussianMixture1D(
            [.. keep.Select(i => mixture.Weights[i] / total)],
            [.. keep.Select(i => mixture.Means[i])],
            [.. keep.Select(i => mixture.StdDevs[i])]);
    }

    /// <summary>E-step: responsibilities from the variational posterior; returns the total log normaliser (the convergence measure, a total as in scikit-learn, so a tolerance of 1e-3 effectively means "run all iterations").</summary>
    private static double EStep(double[] x, double[] c, double n, Posterior s, double[][] resp, double[] work, double[] max, double[] sum)
    {
        int k = resp.Length;
        double stick = 0; // Σ_{j<k} E[log(1 − v_j)]
        for (int j = 0; j < k; j++)
        {
            double digammaSum = Digamma(s.Alpha1[j] + s.Alpha2[j]);
            double logWeight = Digamma(s.Alpha1[j]) - digammaSum + stick;
            stick += Digamma(s.Alpha2[j]) - digammaSum;

            // E[log N(x | μ, λ)] = −½log2π − ½ν(x − m)²/W⁻¹ − ½log W⁻¹ + ½(log 2 + ψ(ν/2)) − ½/β
            double constant = logWeight - HalfLog2Pi - (0.5 * Math.Log(s.WInv[j])) + (0.5 * (Math.Log(2) + Digamma(0.5 * s.Nu[j]))) - (0.5 / s.Beta[j]);
            double scale = -0.5 * s.Nu[j] / s.WInv[j];
            var r = resp[j];
            TensorPrimitives.Subtract<double>(x, s.M[j], r);
            TensorPrimitives.Multiply<double>(r, r, r);
            TensorPrimitives.Multiply<double>(r, scale, r);
            TensorPrimitives.Add<double>(r, constant, r);
            if (j == 0)
            {
                r.CopyTo(max, 0);
            }
            else
            {
                TensorPrimitives.Max<double>(max, r, max);
            }
        }

        Array.Clear(sum);
        for (int j = 0; j < k; j++)
        {
            TensorPrimitives.Subtract<double>(resp[j], max, resp[j]);
            TensorPrimitives.Exp<double>(resp[j], resp[j]);
            TensorPrimitives.Add<double>(sum, resp[j], sum);
        }

        for (int j = 0; j < k; j++)
        {
            TensorPrimitives.Divide<double>(resp[j], sum, resp[j]);
        }

        TensorPrimitives.Log<double>(sum, work);
        TensorPrimitives.Add<double>(work, max, work);
        return TensorPrimitives.Dot<double>(work, c);
    }

    /// <summary>The variational posterior's parameters per component.</summary>
    private sealed class Posterior(int k)
    {
        public readonly double[] Nk = new double[k], Alpha1 = new double[k], Alpha2 = new double[k];
        public readonly double[] Beta = new double[k], M = new double[k], Nu = new double[k], WInv = new double[k];

        /// <summary>M-step: posterior parameters from the responsibilities.</summary>
        public void Update(double[] x, double[] c, double[][] resp, double priorMean, double priorVariance, double concentration, double[] work, double[] deviation)
        {
            int k = resp.Length;
            var xk = new double[k];
            var sk = new double[k];
            for (int j = 0; j < k; j++)
            {
                TensorPrimitives.Multiply<double>(resp[j], c, work); // counts × responsibilities
                Nk[j] = TensorPrimitives.Sum<double>(work) + (10 * 2.220446049250313e-16); // 10 machine epsilons keep empty components finite
                xk[j] = TensorPrimitives.Dot<double>(work, x) / Nk[j];
                TensorPrimitives.Subtract<double>(x, xk[j], deviation);
                TensorPrimitives.Multiply<double>(deviation, deviation, deviation);
                sk[j] = (TensorPrimitives.Dot<double>(work, deviation) / Nk[j]) + RegCovar;
            }

            double tail = 0;
            for (int j = k - 1; j >= 0; j--)
            {
                // stick-breaking: v_j ~ Beta(1 + N_j, γ + Σ_{i>j} N_i)
                Alpha1[j] = 1 + Nk[j];
                Alpha2[j] = concentration + tail;
                tail += Nk[j];
            }

            for (int j = 0; j < k; j++)
            {
                const double beta0 = 1, nu0 = 1;
                Beta[j] = beta0 + Nk[j];
                M[j] = ((beta0 * priorMean) + (Nk[j] * xk[j])) / Beta[j];
                Nu[j] = nu0 + Nk[j];
                double d = xk[j] - priorMean;
                WInv[j] = priorVariance + (Nk[j] * sk[j]) + (Nk[j] * beta0 / Beta[j] * d * d);
            }
        }

        public GaussianMixture1D ToMixture()
        {
            int k = Nk.Length;
            var weights = new double[k];
            double remaining = 1;
            for (int j = 0; j < k; j++)
            {
                double v = Alpha1[j] / (Alpha1[j] + Alpha2[j]);
                weights[j] = v * remaining;
                remaining *= 1 - v;
            }

            double total = weights.Sum();
            return new GaussianMixture1D(
                [.. weights.Select(w => w / total)],
                (double[])M.Clone(),
                [.. Enumerable.Range(0, k).Select(j => Math.Sqrt(WInv[j] / Nu[j]))]);
        }
    }

    /// <summary>Weighted 1-D k-means (k-means++ seeding, then Lloyd) over sorted distinct values; writes hard responsibilities.</summary>
    private static void KMeansInit(double[] x, double[] c, int k, long seed, double[][] resp)
    {
        var rng = RandomStream.Create(seed, streamId: 0xC0FFEE);
        var centers = new double[k];
        var d2 = new double[x.Length];
        centers[0] = x[WeightedPick(c, rng)];
        for (int j = 1; j < k; j++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                double best = double.MaxValue;
                for (int t = 0; t < j; t++)
                {
                    best = Math.Min(best, (x[i] - centers[t]) * (x[i] - centers[t]));
                }

                d2[i] = c[i] * best;
            }

            centers[j] = d2.Sum() > 0 ? x[WeightedPick(d2, rng)] : centers[j - 1];
        }

        var assign = new int[x.Length];
        for (int iter = 0; iter < 300; iter++)
        {
            Array.Sort(centers);
            bool changed = false;
            int nearest = 0;
            for (int i = 0; i < x.Length; i++)
            {
                // x and centers are sorted, so the nearest center only moves right.
                while (nearest + 1 < k && Math.Abs(x[i] - centers[nearest + 1]) <= Math.Abs(x[i] - centers[nearest]))
                {
                    nearest++;
                }

                changed |= assign[i] != nearest;
                assign[i] = nearest;
            }

            if (!changed && iter > 0)
            {
                break;
            }

            var sums = new double[k];
            var weights = new double[k];
            for (int i = 0; i < x.Length; i++)
            {
                sums[assign[i]] += c[i] * x[i];
                weights[assign[i]] += c[i];
            }

            for (int j = 0; j < k; j++)
            {
                if (weights[j] > 0)
                {
                    centers[j] = sums[j] / weights[j];
                }
            }
        }

        for (int i = 0; i < x.Length; i++)
        {
            resp[assign[i]][i] = 1;
        }
    }

    private static int WeightedPick(double[] weights, RandomStream rng)
    {
        double target = rng.NextDouble() * weights.Sum();
        double acc = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (acc > target)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static (double[] Values, double[] Counts) Distinct(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var xs = new List<double>();
        var cs = new List<double>();
        for (int i = 0; i < sorted.Length; i++)
        {
            if (xs.Count > 0 && sorted[i] == xs[^1])
            {
                cs[^1]++;
            }
            else
            {
                xs.Add(sorted[i]);
                cs.Add(1);
            }
        }

        return ([.. xs], [.. cs]);
    }

    /// <summary>ψ(x), the digamma function, for x &gt; 0 (recurrence to x ≥ 6, then the asymptotic series).</summary>
    internal static double Digamma(double x)
    {
        double result = 0;
        while (x < 6)
        {
            result -= 1 / x;
            x += 1;
        }

        double f = 1 / (x * x);
        return result + Math.Log(x) - (0.5 / x) - (f * ((1.0 / 12) - (f * ((1.0 / 120) - (f * ((1.0 / 252) - (f * ((1.0 / 240) - (f / 132)))))))));
    }
}
