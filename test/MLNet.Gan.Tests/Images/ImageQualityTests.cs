using MLNet.Gan.Compute;
using MLNet.Gan.Images;

namespace MLNet.Gan.Tests.Images;

/// <summary>The grader of generated images: its classifier, the Fréchet distance and precision/recall, against hand computations.</summary>
[TestClass]
public sealed class ImageQualityTests
{
    [TestMethod]
    public void FrechetDistance_In2D_MatchesTheClosedForm()
    {
        // For 2×2 covariances Tr((Σ₁Σ₂)^½) = √(tr(Σ₁Σ₂) + 2√det(Σ₁Σ₂)), since the two eigenvalues of Σ₁Σ₂ sum to its trace and multiply to its determinant
        var rng = RandomStream.Create(4);
        float[] Sample(int n, double mx, double my, double sx, double rho)
        {
            var rows = new float[2 * n];
            for (int i = 0; i < n; i++)
            {
                double u = rng.NextNormal(), v = rng.NextNormal();
                rows[2 * i] = (float)(mx + (sx * u));
                rows[(2 * i) + 1] = (float)(my + (rho * u) + v);
            }

            return rows;
        }

        static (double[] Mean, double[,] Cov) Moments(float[] rows)
        {
            int n = rows.Length / 2;
            var mean = new double[2];
            for (int i = 0; i < n; i++)
            {
                mean[0] += rows[2 * i] / (double)n;
                mean[1] += rows[(2 * i) + 1] / (double)n;
            }

            var cov = new double[2, 2];
            for (int i = 0; i < n; i++)
            {
                for (int a = 0; a < 2; a++)
                {
                    for (int b = 0; b < 2; b++)
                    {
                        cov[a, b] += (rows[(2 * i) + a] - mean[a]) * (rows[(2 * i) + b] - mean[b]) / (n - 1);
                    }
                }
            }

            return (mean, cov);
        }

        var x = Sample(400, 0, 0, 1, 0.5);
        var y = Sample(300, 1, -2, 2, -0.8);
        var (m1, c1) = Moments(x);
        var (m2, c2) = Moments(y);
        double p00 = (c1[0, 0] * c2[0, 0]) + (c1[0, 1] * c2[1, 0]), p11 = (c1[1, 0] * c2[0, 1]) + (c1[1, 1] * c2[1, 1]);
        double det = ((c1[0, 0] * c1[1, 1]) - (c1[0, 1] * c1[1, 0])) * ((c2[0, 0] * c2[1, 1]) - (c2[0, 1] * c2[1, 0]));
        double expected = Math.Pow(m1[0] - m2[0], 2) + Math.Pow(m1[1] - m2[1], 2) + c1[0, 0] + c1[1, 1] + c2[0, 0] + c2[1, 1] - (2 * Math.Sqrt(p00 + p11 + (2 * Math.Sqrt(det))));
        Assert.AreEqual(expected, ImageQuality.FrechetDistance(x, y, 2), 1e-9 * expected);
        Assert.AreEqual(0, ImageQuality.FrechetDistance(x, x, 2), 1e-9, "a set is at distance 0 from itself");
    }

    [TestMethod]
    public void PrecisionRecall_MatchesAHandCount()
    {
        // real 0, 1, 2, 3, 10: nearest-neighbour radii 1, 1, 1, 1, 7; generated 0.5, 5, 20: radii 4.5, 4.5, 15.
        // Precision: 0.5 (inside 0's ball) and 5 (inside 10's) of 3. Recall: every real point is inside a generated ball (10 inside 20's).
        var (precision, recall) = ImageQuality.PrecisionRecall([0, 1, 2, 3, 10], [0.5f, 5, 20], 1, k: 1);
        Assert.AreEqual(2 / 3.0, precision, 1e-12);
        Assert.AreEqual(1.0, recall, 1e-12);
    }

    [TestMethod]
    public void Classifier_OnHeldOutDigits_IsAccurate()
    {
        var digits = ImageCsv.Read(SharedData.File("handwritten_digits_8x8.csv.gz"), "digit");
        var train = digits.Subset([.. Enumerable.Range(0, digits.Count).Where(i => i % 10 < 7)]);
        var test = digits.Subset([.. Enumerable.Range(0, digits.Count).Where(i => i % 10 >= 7)]);
        var classifier = ImageClassifier.Fit(train.Pixels, train.Labels, digits.Shape, 10, 16f, epochs: 20, seed: 1);
        double accuracy = classifier.Accuracy(test.Pixels, test.Labels);
        Assert.IsTrue(accuracy > 0.9, $"accuracy on held-out digits {accuracy:F3}");
        Assert.AreEqual(ImageClassifier.FeatureWidth * test.Count, classifier.Run(test.Pixels).Features.Length);
    }
}
