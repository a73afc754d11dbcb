using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Images;

/// <summary>
/// A small convolutional classifier, the grader of generated images: Conv 5×5/2 (32) → LeakyReLU →
/// Conv 5×5/2 (64) → LeakyReLU → Linear(→ 128) → ReLU → Linear(→ classes), trained by cross-entropy with
/// Adam (1e-3) on real training images. Its 128 penultimate activations are the feature space of the
/// Fréchet distance and of precision/recall (<see cref="ImageQuality"/>): a feature space of our own,
/// not Inception's, so the figures compare models on one dataset and not with published FIDs.
/// </summary>
internal sealed class ImageClassifier
{
    private const int Batch = 128;
    private readonly Sequential _body;
    private readonly Linear _head;
    private readonly float _maxValue;

    private ImageClassifier(ImageShape shape, int classes, float maxValue, RandomStream init)
    {
        (Shape, Classes, _maxValue) = (shape, classes, maxValue);
        var conv1 = new Conv2d(shape, 32, 5, 2, 2, init, "classifier.conv1");
        var conv2 = new Conv2d(conv1.OutputShape, 64, 5, 2, 2, init, "classifier.conv2");
        _body = new Sequential(
            conv1,
            new LeakyReLU(conv1.OutputWidth, 0.2f),
            conv2,
            new LeakyReLU(conv2.OutputWidth, 0.2f),
            new Linear(conv2.OutputWidth, FeatureWidth, init, "classifier.fc"),
            new ReLU(FeatureWidth));
        _head = new Linear(FeatureWidth, classes, init, "classifier.output");
    }

    /// <summary>Width of the feature space.</summary>
    public const int FeatureWidth = 128;

    public ImageShape Shape { get; }

    public int Classes { get; }

    /// <summary>Trains on <paramref name="pixels"/> (N rows, values in [0, <paramref name="maxValue"/>]) for <paramref name="epochs"/> epochs.</summary>
    public static ImageClassifier Fit(float[] pixels, int[] labels, ImageShape shape, int classes, float maxValue, int epochs, long seed)
    {
        var classifier = new ImageClassifier(shape, classes, maxValue, RandomStream.Create(seed, 0));
        var parameters = classifier._body.Parameters.Concat(classifier._head.Parameters).ToArray();
        var adam = new Adam(parameters, new AdamOptions { LearningRate = 1e-3f });
        var rng = RandomStream.Create(seed, 1);
        int n = labels.Length, b = Math.Min(Batch, n), size = shape.Size;
        var order = Enumerable.Range(0, n).ToArray();
        var x = new Matrix(b, size);
        var target = new int[b];
        var starts = new int[b];
        var lengths = Enumerable.Repeat(classes, b).ToArray();
        var gradient = new Matrix(b, classes);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(order.AsSpan());
            for (int start = 0; start + b <= n; start += b)
            {
                for (int r = 0; r < b; r++)
                {
                    classifier.Scale(pixels.AsSpan(order[start + r] * size, size), x.Row(r));
                    target[r] = labels[order[start + r]];
                }

                adam.ClearGradients();
                var logits = classifier._head.Forward(classifier._body.Forward(x, training: true), training: true);
                gradient.Clear();
                Losses.CrossEntropyOverSpans(logits, starts, lengths, target, gradient);
                classifier._body.Backward(classifier._head.Backward(gradient));
                adam.Step();
            }
        }

        return classifier;
    }

    /// <summary>The feature rows (N, 128) and the predicted classes of <paramref name="pixels"/>.</summary>
    public (float[] Features, int[] Predicted) Run(float[] pixels)
    {
        int size = Shape.Size, n = pixels.Length / size;
        var features = new float[n * FeatureWidth];
        var predicted = new int[n];
        var x = new Matrix(Math.Min(Batch, n), size);
        for (int start = 0; start < n; start += Batch)
        {
            int rows = Math.Min(Batch, n - start);
            var batch = rows == x.Rows ? x : Matrix.View(x, rows, size);
            for (int r = 0; r < rows; r++)
            {
                Scale(pixels.AsSpan((start + r) * size, size), batch.Row(r));
            }

            var f = _body.Forward(batch, training: false);
            f.Span.CopyTo(features.AsSpan(start * FeatureWidth));
            var logits = _head.Forward(f, training: false);
            for (int r = 0; r < rows; r++)
            {
                var row = logits.Row(r);
                int best = 0;
                for (int c = 1; c < row.Length; c++)
                {
                    best = row[c] > row[best] ? c : best;
                }

                predicted[start + r] = best;
            }
        }

        return (features, predicted);
    }

    /// <summary>The share of <paramref name="pixels"/> predicted as <paramref name="labels"/>.</summary>
    public double Accuracy(float[] pixels, int[] labels) => Accuracy(Run(pixels).Predicted, labels);

    /// <summary>The share of <paramref name="predicted"/> classes equal to <paramref name="labels"/>.</summary>
    public static double Accuracy(int[] predicted, int[] labels) => predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;

    private void Scale(ReadOnlySpan<float> pixels, Span<float> into)
    {
        for (int i = 0; i < pixels.Length; i++)
        {
            into[i] = (2f * pixels[i] / _maxValue) - 1f;
        }
    }
}
