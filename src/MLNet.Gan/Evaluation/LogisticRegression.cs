using MLNet.Gan.Compute;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// L2-regularised logistic regression (penalty ½ λ‖w‖², intercept unpenalised, as scikit-learn's
/// default with C = 1/λ), fitted by Newton's method with a backtracking line search. The Hessian
/// Xᵀ diag(p(1 − p)) X is one GEMM per iteration, so wide one-hot inputs stay fast.
/// </summary>
internal sealed class LogisticRegression
{
    private readonly double[] _weights; // features, then the intercept

    private LogisticRegression(double[] weights) => _weights = weights;

    /// <summary>Fits on the rows of <paramref name="x"/> (row-major, <paramref name="features"/> values each) with labels <paramref name="y"/>.</summary>
    public static LogisticRegression Fit(float[] x, bool[] y, int features, double lambda = 1.0, int maxIterations = 50)
    {
        int n = y.Length, d = features + 1;
        var w = new double[d];
        var weighted = new float[n * d];
        var hessian = new float[d * d];
        var h = new double[d * d];
        var gradient = new double[d];
        var trial = new double[d];
        double loss = Loss(x, y, w, features, lambda);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(gradient);
            for (int r = 0; r < n; r++)
            {
                double p = Sigmoid(Dot(x, r, w, features));
                double g = p - (y[r] ? 1 : 0);
                float s = (float)Math.Sqrt(Math.Max(p * (1 - p), 1e-12));
                for (int j = 0; j < features; j++)
                {
                    gradient[j] += g * x[(r * features) + j];
                    weighted[(r * d) + j] = s * x[(r * features) + j];
                }

                gradient[features] += g;
                weighted[(r * d) + features] = s;
            }

            Gemm.MatMulTransA(weighted, weighted, hessian, d, d, n);
            for (int i = 0; i < d * d; i++)
            {
                h[i] = hessian[i];
            }

            for (int j = 0; j < features; j++)
            {
                gradient[j] += lambda * w[j];
                h[(j * d) + j] += lambda;
            }

            h[(features * d) + features] += 1e-9 * n;
            var step = SolveCholesky(h, gradient, d);
            double rate = 1, next;
            while (true)
            {
                for (int j = 0; j < d; j++)
                {
                    trial[j] = w[j] - (rate * step[j]);
                }

                next = Loss(x, y, trial, features, lambda);
                if (next <= loss || rate < 1e-6)
                {
                    break;
                }

                rate /= 2;
            }

            Array.Copy(trial, w, d);
            bool converged = loss - next < 1e-9 * Math.Max(1, Math.Abs(loss));
            loss = next;
            if (converged)
            {
                break;
            }
        }

        return new LogisticRegression(w);
    }

    /// <summary>The positive-class probability of row <paramref name="row"/>.</summary>
    public double Predict(float[] x, int row) => Sigmoid(Dot(x, row, _weights, _weights.Length - 1));

    private static double Dot(float[] x, int row, double[] w, int features)
    {
        double z = w[features];
        for (int j = 0; j < features; j++)
        {
            z += w[j] * x[(row * features) + j];
        }

        return z;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double Loss(float[] x, bool[] y, double[] w, int features, double lambda)
    {
        double loss = 0;
        for (int r = 0; r < y.Length; r++)
        {
            double z = Dot(x, r, w, features);
            double m = y[r] ? -z : z; // −log σ(±z) = log(1 + e^m), computed stably
            loss += m > 0 ? m + double.LogP1(Math.Exp(-m)) : double.LogP1(Math.Exp(m));
        }

        for (int j = 0; j < features; j++)
        {
            loss += 0.5 * lambda * w[j] * w[j];
        }

        return loss;
    }

    private static double[] SolveCholesky(double[] a, double[] b, int n)
    {
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    sum -= l[(i * n) + k] * l[(j * n) + k];
                }

                l[(i * n) + j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-12)) : sum / l[(j * n) + j];
            }
        }

        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++)
            {
                sum -= l[(i * n) + k] * z[k];
            }

            z[i] = sum / l[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double sum = z[i];
            for (int k = i + 1; k < n; k++)
            {
                sum -= l[(k * n) + i] * z[k];
            }

            z[i] = sum / l[(i * n) + i];
        }

        return z;
    }
}
