using MathNet.Numerics.LinearAlgebra;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Images;

/// <summary>
/// Distances between two sets of images in a classifier's feature space (<see cref="ImageClassifier"/>):
/// the Fréchet distance of Gaussians fitted to each set (Heusel et al. 2017, with our classifier's features
/// in place of Inception's), and improved precision and recall (Kynkäänniemi et al. 2019): precision is the
/// share of generated images inside the real set's manifold (the union of balls around each real image
/// reaching its k-th nearest real neighbour), recall the share of real images inside the generated set's.
/// </summary>
internal static class ImageQuality
{
    /// <summary>‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½) of row sets <paramref name="a"/> and <paramref name="b"/> of <paramref name="width"/> features.</summary>
    public static double FrechetDistance(float[] a, float[] b, int width)
    {
        var (meanA, covA) = Moments(a, width);
        var (meanB, covB) = Moments(b, width);
        // Tr((Σ₁Σ₂)^½) = Σ √λ of S·Σ₂·S with S = Σ₁^½: symmetric and positive semi-definite, unlike Σ₁Σ₂
        var evd = covA.Evd(Symmetricity.Symmetric);
        var root = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalArray([.. evd.EigenValues.Select(l => Math.Sqrt(Math.Max(0, l.Real)))]) * evd.EigenVectors.Transpose();
        var middle = root * covB * root;
        middle = (middle + middle.Transpose()) * 0.5;
        double traceRoot = middle.Evd(Symmetricity.Symmetric).EigenValues.Sum(l => Math.Sqrt(Math.Max(0, l.Real)));
        return (meanA - meanB).DotProduct(meanA - meanB) + covA.Trace() + covB.Trace() - (2 * traceRoot);
    }

    /// <summary>Precision of <paramref name="generated"/> against <paramref name="real"/>, and recall, with k-th neighbour radii.</summary>
    public static (double Precision, double Recall) PrecisionRecall(float[] real, float[] generated, int width, int k = 3)
    {
        var realRadii = KthNeighbourDistances(real, width, k);
        var generatedRadii = KthNeighbourDistances(generated, width, k);
        return (Covered(generated, real, realRadii, width), Covered(real, generated, generatedRadii, width));
    }

    /// <summary>The share of <paramref name="queries"/> within the radius of at least one row of <paramref name="reference"/>.</summary>
    private static double Covered(float[] queries, float[] reference, double[] radii, int width)
    {
        int n = queries.Length / width, covered = 0;
        ForEachDistanceBlock(queries, reference, width, (row, distances) =>
        {
            for (int j = 0; j < distances.Length; j++)
            {
                if (distances[j] <= radii[j])
                {
                    covered++;
                    return;
                }
            }
        });
        return covered / (double)n;
    }

    /// <summary>For every row, the squared distance to its k-th nearest other row.</summary>
    private static double[] KthNeighbourDistances(float[] rows, int width, int k)
    {
        int n = rows.Length / width;
        if (n <= k)
        {
            throw new ArgumentException($"Precision and recall with k = {k} need more than {k} images; got {n}.", nameof(rows));
        }

        var radii = new double[n];
        var nearest = new double[k + 1];
        ForEachDistanceBlock(rows, rows, width, (row, distances) =>
        {
            Array.Fill(nearest, double.MaxValue);
            foreach (double d in distances) // the row itself is among them at distance 0: keep k + 1
            {
                if (d < nearest[k])
                {
                    int at = k;
                    while (at > 0 && nearest[at - 1] > d)
                    {
                        nearest[at] = nearest[at - 1];
                        at--;
                    }

                    nearest[at] = d;
                }
            }

            radii[row] = nearest[k];
        });
        return radii;
    }

    /// <summary>Squared distances of each query row to every reference row, a block of query rows at a time through our GEMM.</summary>
    private static void ForEachDistanceBlock(float[] queries, float[] reference, int width, Action<int, double[]> each)
    {
        int n = queries.Length / width, m = reference.Length / width;
        const int Block = 512;
        var products = new float[Block * m];
        var normsRef = new double[m];
        for (int j = 0; j < m; j++)
        {
            normsRef[j] = Kernels.DotDouble(reference.AsSpan(j * width, width), reference.AsSpan(j * width, width));
        }

        var distances = new double[m];
        for (int start = 0; start < n; start += Block)
        {
            int rows = Math.Min(Block, n - start);
            Gemm.MatMulTransB(queries.AsSpan(start * width, rows * width), reference, products.AsSpan(0, rows * m), rows, m, width);
            for (int r = 0; r < rows; r++)
            {
                var q = queries.AsSpan((start + r) * width, width);
                double normQ = Kernels.DotDouble(q, q);
                for (int j = 0; j < m; j++)
                {
                    distances[j] = Math.Max(0, normQ + normsRef[j] - (2.0 * products[(r * m) + j]));
                }

                each(start + r, distances);
            }
        }
    }

    private static (Vector<double> Mean, Matrix<double> Covariance) Moments(float[] rows, int width)
    {
        int n = rows.Length / width;
        var data = Matrix<double>.Build.Dense(n, width, (i, j) => rows[(i * width) + j]);
        var mean = data.ColumnSums() / n;
        var centred = data - Matrix<double>.Build.Dense(n, width, (_, j) => mean[j]);
        return (mean, centred.TransposeThisAndMultiply(centred) / (n - 1));
    }
}
