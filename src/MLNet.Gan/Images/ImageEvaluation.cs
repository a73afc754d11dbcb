using MLNet.Gan.Compute;

namespace MLNet.Gan.Images;

/// <summary>
/// The quality figures of a DCGAN against held-out real images, each measured the way the field does:
/// a classifier trained on the real training images (<see cref="ImageClassifier"/>) grades everything.
/// </summary>
/// <param name="RealAccuracy">The grader's accuracy on the held-out real images: the ceiling for <see cref="GeneratedAccuracy"/>.</param>
/// <param name="GeneratedAccuracy">The share of generated images the grader puts in their conditioned class.</param>
/// <param name="GeneratedAccuracyByClass">The same, per class.</param>
/// <param name="RealFrechet">Fréchet distance between real training and held-out images in the grader's features: the floor.</param>
/// <param name="GeneratedFrechet">Fréchet distance between generated and held-out images.</param>
/// <param name="RealPrecision">Precision of real training images against the held-out ones (k = 3): the floor's.</param>
/// <param name="RealRecall">Recall of the same.</param>
/// <param name="GeneratedPrecision">Precision of generated images against the held-out ones: how many look real.</param>
/// <param name="GeneratedRecall">Recall: how much of the real images' variety the generated ones cover.</param>
/// <param name="TrainOnSyntheticAccuracy">A grader trained on generated images only (as many as the real training images, classes as theirs), tested on the held-out real images.</param>
/// <param name="TrainOnRealAccuracy">The same grader trained on the real training images: <see cref="RealAccuracy"/>.</param>
public sealed record ImageEvaluationResult(
    double RealAccuracy,
    double GeneratedAccuracy,
    IReadOnlyList<double> GeneratedAccuracyByClass,
    double RealFrechet,
    double GeneratedFrechet,
    double RealPrecision,
    double RealRecall,
    double GeneratedPrecision,
    double GeneratedRecall,
    double TrainOnSyntheticAccuracy,
    double TrainOnRealAccuracy);

/// <summary>Grades a DCGAN on held-out images: class-conditional accuracy, Fréchet distance, precision/recall, train-on-synthetic.</summary>
public static class ImageEvaluation
{
    /// <summary>
    /// Grades <paramref name="model"/> against <paramref name="test"/> (never seen by the model or the grader);
    /// the grader is trained on <paramref name="train"/> for <paramref name="classifierEpochs"/> epochs. At most
    /// <paramref name="sample"/> images of each set enter the Fréchet distance and precision/recall.
    /// </summary>
    /// <param name="model">The generator to grade.</param>
    /// <param name="train">Real images the grader learns from (the model's training images may be these).</param>
    /// <param name="test">Real images neither the model nor the grader saw.</param>
    /// <param name="classifierEpochs">The grader's training epochs.</param>
    /// <param name="seed">Seeds the grader and the generated images.</param>
    /// <param name="sample">The most images of each set in the Fréchet distance and precision/recall.</param>
    public static ImageEvaluationResult Run(DcganModel model, LabelledImages train, LabelledImages test, int classifierEpochs, long seed, int sample = 10_000)
    {
        if (train.Shape != model.Shape || test.Shape != model.Shape)
        {
            throw new ArgumentException($"The model makes {model.Shape} images; the data has {train.Shape} (training) and {test.Shape} (held out).");
        }

        int classes = model.Classes, size = model.Shape.Size;
        var grader = ImageClassifier.Fit(train.Pixels, train.Labels, model.Shape, classes, model.MaxValue, classifierEpochs, seed);

        // generated images: as many of each class as the held-out set has
        var (generated, generatedLabels) = Generate(model, test.Labels, seed);
        var generatedRun = grader.Run(generated); // predictions and, when the set is within the sample, its features
        var predicted = generatedRun.Predicted;
        var byClass = Enumerable.Range(0, classes).Select(c =>
        {
            var rows = Enumerable.Range(0, generatedLabels.Length).Where(i => generatedLabels[i] == c).ToArray();
            return rows.Length == 0 ? double.NaN : rows.Count(i => predicted[i] == c) / (double)rows.Length;
        }).ToArray();

        var testRun = grader.Run(test.Pixels);
        var testFeatures = Features(grader, test.Pixels, size, sample, seed, testRun.Features);
        var trainFeatures = Features(grader, train.Pixels, size, sample, seed + 1);
        var generatedFeatures = Features(grader, generated, size, sample, seed + 2, generatedRun.Features);
        var (realPrecision, realRecall) = ImageQuality.PrecisionRecall(testFeatures, trainFeatures, ImageClassifier.FeatureWidth);
        var (generatedPrecision, generatedRecall) = ImageQuality.PrecisionRecall(testFeatures, generatedFeatures, ImageClassifier.FeatureWidth);

        var (synthetic, syntheticLabels) = Generate(model, train.Labels, seed + 3);
        var onSynthetic = ImageClassifier.Fit(synthetic, syntheticLabels, model.Shape, classes, model.MaxValue, classifierEpochs, seed);
        double realAccuracy = ImageClassifier.Accuracy(testRun.Predicted, test.Labels);
        return new ImageEvaluationResult(
            realAccuracy,
            ImageClassifier.Accuracy(predicted, generatedLabels),
            byClass,
            ImageQuality.FrechetDistance(trainFeatures, testFeatures, ImageClassifier.FeatureWidth),
            ImageQuality.FrechetDistance(generatedFeatures, testFeatures, ImageClassifier.FeatureWidth),
            realPrecision,
            realRecall,
            generatedPrecision,
            generatedRecall,
            onSynthetic.Accuracy(test.Pixels, test.Labels),
            realAccuracy);
    }

    /// <summary>Generated images with one label per entry of <paramref name="labels"/>, class by class.</summary>
    private static (float[] Pixels, int[] Labels) Generate(DcganModel model, int[] labels, long seed)
    {
        var pixels = new List<float>();
        var classes = new List<int>();
        for (int c = 0; c < model.Classes; c++)
        {
            int count = labels.Count(l => l == c);
            if (count > 0)
            {
                pixels.AddRange(model.Generate(count, c, seed + c));
                classes.AddRange(Enumerable.Repeat(c, count));
            }
        }

        return ([.. pixels], [.. classes]);
    }

    /// <summary>
    /// The grader's features of at most <paramref name="sample"/> images drawn without replacement; a set within
    /// the sample is whole, and its features are <paramref name="whole"/> when the caller has them already.
    /// </summary>
    private static float[] Features(ImageClassifier grader, float[] pixels, int size, int sample, long seed, float[]? whole = null)
    {
        int n = pixels.Length / size;
        if (n <= sample && whole is not null)
        {
            return whole;
        }

        if (n > sample)
        {
            var order = Enumerable.Range(0, n).ToArray();
            RandomStream.Create(seed, 4).Shuffle(order.AsSpan());
            var picked = new float[sample * size];
            for (int i = 0; i < sample; i++)
            {
                pixels.AsSpan(order[i] * size, size).CopyTo(picked.AsSpan(i * size, size));
            }

            pixels = picked;
        }

        return grader.Run(pixels).Features;
    }
}
