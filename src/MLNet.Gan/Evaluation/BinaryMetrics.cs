namespace MLNet.Gan.Evaluation;

/// <summary>Counts at one threshold: a score at or above it predicts the positive class.</summary>
public sealed record ConfusionCounts(double Threshold, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives);

/// <summary>Binary classification metrics of scores against labels.</summary>
/// <param name="AucPr">Average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over the distinct thresholds, as scikit-learn computes it.</param>
/// <param name="RocAuc">Area under the ROC curve (ties count ½).</param>
/// <param name="F1Best">The largest F1 over all thresholds.</param>
/// <param name="BestThreshold">The threshold of <see cref="F1Best"/>.</param>
/// <param name="RecallAtPrecision90">The largest recall among thresholds with precision ≥ 0.9 (0 if none).</param>
/// <param name="Confusion">Counts at threshold 0.5.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="Positives">Positive rows.</param>
public sealed record BinaryScoreMetrics(double AucPr, double RocAuc, double F1Best, double BestThreshold, double RecallAtPrecision90, ConfusionCounts Confusion, int Rows, int Positives);

/// <summary>Computes <see cref="BinaryScoreMetrics"/>.</summary>
public static class BinaryMetrics
{
    /// <summary>
    /// Metrics of <paramref name="scores"/> against <paramref name="isPositive"/>, one score per label.
    /// A NaN score is refused (as scikit-learn refuses it): it has no place in a ranking, and a model
    /// that gives one has diverged or was given a row it cannot score.
    /// </summary>
    public static BinaryScoreMetrics Evaluate(IReadOnlyList<double> scores, IReadOnlyList<bool> isPositive, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isPositive);
        int n = scores.Count;
        if (isPositive.Count != n)
        {
            throw new ArgumentException($"Metrics need one score per label: got {n} scores for {isPositive.Count} labels.", nameof(scores));
        }

        int nan = scores.Count(double.IsNaN);
        if (nan > 0)
        {
            throw new ArgumentException($"{nan} of {n} scores are NaN: ranking metrics are undefined for them (the model diverged or could not score those rows).", nameof(scores));
        }

        int positives = isPositive.Count(p => p);
        int negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException($"Metrics need both classes among the scored rows ({positives} positive, {negatives} negative).");
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ToArray();
        double ap = 0, auc = 0, f1Best = 0, bestThreshold = 1, recallAt90 = 0;
        int tp = 0, fp = 0;
        double previousRecall = 0, previousFpr = 0, previousTpr = 0;
        for (int i = 0; i < n;)
        {
            // all rows tied at this score cross the threshold together
            double s = scores[order[i]];
            for (; i < n && scores[order[i]] == s; i++)
            {
                if (isPositive[order[i]])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }

            double precision = tp / (double)(tp + fp);
            double recall = tp / (double)positives;
            double fpr = fp / (double)negatives;
            ap += (recall - previousRecall) * precision;
            auc += (fpr - previousFpr) * (recall + previousTpr) / 2;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            if (f1 > f1Best)
            {
                (f1Best, bestThreshold) = (f1, s);
            }

            if (precision >= 0.9)
            {
                recallAt90 = Math.Max(recallAt90, recall);
            }

            (previousRecall, previousFpr, previousTpr) = (recall, fpr, recall);
        }

        int ctp = 0, cfp = 0;
        for (int i = 0; i < n; i++)
        {
            if (scores[i] >= threshold)
            {
                if (isPositive[i])
                {
                    ctp++;
                }
                else
                {
                    cfp++;
                }
            }
        }

        var confusion = new ConfusionCounts(threshold, ctp, cfp, negatives - cfp, positives - ctp);
        return new BinaryScoreMetrics(ap, auc, f1Best, bestThreshold, recallAt90, confusion, n, positives);
    }

    /// <summary>
    /// The recall when the top <paramref name="share"/> of rows by score are flagged (at least one row): the positives
    /// among them over all positives, as a fraud team with a review budget reads an anomaly score. NaN without positives.
    /// </summary>
    /// <param name="scores">One score per row; higher flags first (ties in row order).</param>
    /// <param name="isPositive">The rows' labels.</param>
    /// <param name="share">The share of rows flagged, in (0, 1].</param>
    public static double RecallAtFlagged(IReadOnlyList<double> scores, IReadOnlyList<bool> isPositive, double share)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isPositive);
        if (isPositive.Count != scores.Count)
        {
            throw new ArgumentException($"Recall needs one score per label: got {scores.Count} scores for {isPositive.Count} labels.", nameof(scores));
        }

        if (!(share is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The share of rows flagged must lie in (0, 1].");
        }

        int flagged = Math.Max(1, (int)Math.Round(share * scores.Count));
        int positives = isPositive.Count(t => t);
        var top = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).Take(flagged);
        return positives == 0 ? double.NaN : top.Count(i => isPositive[i]) / (double)positives;
    }
}
