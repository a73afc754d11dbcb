using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Augmentation;
using MLNet.Gan.DataViews;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Pipeline;

/// <summary>
/// The auto oversampler's choice: a stratified inner cross-validation on the training rows scores the
/// wrapped estimator by average precision with nothing added and with every candidate at every ratio.
/// Each candidate is fitted once per fold and its rows for smaller ratios are a prefix of those for the largest (the rows are independent draws). With a
/// weight column, class weights (nothing added) are scored too, right after adding nothing. The
/// choice follows the one-standard-error rule (<see cref="OneStandardErrorChoice"/>).
/// </summary>
internal static class AugmentationSelection
{
    public static OversamplingRun Run<TTransformer>(IEstimator<TTransformer> estimator, DataViewLayout layout, Table training, Oversampler auto)
        where TTransformer : ITransformer
    {
        var clock = Stopwatch.StartNew();
        var options = auto.Options;
        string positive = options.PositiveValue(training);
        var codes = training.LabelColumn!;
        var foldOf = Stratification.FoldOf(codes.Codes, codes.Categories.Count, auto.InnerFolds, options.Seed);
        var scores = new List<(string Method, double Ratio, double[] Folds)> { ("none", 0, new double[auto.InnerFolds]) };
        var writer = new WeightedWriter(layout, auto.WeightColumn, positive);
        if (auto.WeightColumn is not null)
        {
            scores.Add(("weighted", 0, new double[auto.InnerFolds]));
        }

        foreach (var candidate in auto.Candidates!)
        {
            foreach (double ratio in auto.Ratios)
            {
                scores.Add((candidate.Name, ratio, new double[auto.InnerFolds]));
            }
        }

        for (int f = 0; f < auto.InnerFolds; f++)
        {
            int fold = f;
            var train = training.Select([.. Enumerable.Range(0, training.RowCount).Where(r => foldOf[r] != fold)]);
            var test = training.Select([.. Enumerable.Range(0, training.RowCount).Where(r => foldOf[r] == fold)]);
            var testView = layout.Write(test);
            var isPositive = test.LabelColumn!.Matches(positive);
            double Score(IDataView trainView) => ScoreFold(estimator, trainView, testView, isPositive, fold);
            scores[0].Folds[f] = Score(writer.Write(train, 1));
            int next = 1;
            if (auto.WeightColumn is not null)
            {
                scores[next++].Folds[f] = Score(writer.Write(train, WeightedWriter.BalancingWeight(train, positive)));
            }

            foreach (var candidate in auto.Candidates!)
            {
                int[] needed = [.. auto.Ratios.Select(ratio => Copy(options, ratio).RowsToAdd(train))];
                var rows = needed.Max() == 0 ? train.Select([]) : candidate.Fit(train).Generate(needed.Max());
                for (int i = 0; i < needed.Length; i++)
                {
                    var augmented = needed[i] == 0 ? train : train.Append(rows.Select([.. Enumerable.Range(0, needed[i])]));
                    scores[next++].Folds[f] = Score(writer.Write(augmented, 1));
                }
            }
        }

        var ranked = scores.Select(s => new CandidateScore(s.Method, s.Ratio, s.Folds)).ToArray();
        var best = OneStandardErrorChoice(ranked);
        var choice = new AugmentationChoice(best.Method, best.Ratio, ranked);
        var selectTime = clock.Elapsed;
        if (best.Method is "none" or "weighted")
        {
            double weight = best.Method == "none" ? 1 : WeightedWriter.BalancingWeight(training, positive);
            return new OversamplingRun("auto", training, training.Select([]), null, selectTime, TimeSpan.Zero) { Choice = choice, PositiveWeight = weight };
        }

        var chosen = auto.Candidates!.First(c => c.Name == best.Method);
        int rowsToAdd = Copy(options, best.Ratio).RowsToAdd(training);
        var fitted = chosen.Fit(training);
        var fitTime = clock.Elapsed;
        return new OversamplingRun("auto", training, fitted.Generate(rowsToAdd), fitted.Synthesizer, fitTime, clock.Elapsed - fitTime) { Choice = choice };
    }

    /// <summary>
    /// The one-standard-error rule (Hastie, Tibshirani &amp; Friedman, ESL §7.10) against adding rows on
    /// noise. The candidates that add no rows (nothing, and class weights) are the baseline: the
    /// better of them by mean. A candidate that adds rows wins only where it beats the baseline by
    /// more than one standard error of their paired fold differences (every candidate is scored on
    /// the same folds); among those, the best mean wins, unless a candidate listed before it (each
    /// generator from its smallest ratio) that also clears the baseline comes within one standard
    /// error of it. Without the rule, a generator that wins three noisy folds by 0.002 is chosen and
    /// then loses on the test rows; a candidate near the best but not clear of the baseline is never
    /// chosen, since its mean may lie below adding nothing.
    /// </summary>
    internal static CandidateScore OneStandardErrorChoice(IReadOnlyList<CandidateScore> ranked)
    {
        CandidateScore? baseline = null;
        var best = ranked[0];
        foreach (var candidate in ranked)
        {
            if (candidate.Ratio == 0 && (baseline is null || candidate.Mean > baseline.Mean))
            {
                baseline = candidate;
            }

            if (candidate.Mean > best.Mean)
            {
                best = candidate;
            }
        }

        baseline ??= ranked[0];
        if (best.Ratio == 0 || best.Mean - baseline.Mean <= PairedStandardError(best.FoldScores, baseline.FoldScores))
        {
            return baseline;
        }

        foreach (var candidate in ranked)
        {
            if (ReferenceEquals(candidate, best))
            {
                return best;
            }

            if (candidate.Ratio > 0 && ClearsBaseline(candidate) && best.Mean - candidate.Mean <= PairedStandardError(best.FoldScores, candidate.FoldScores))
            {
                return candidate;
            }
        }

        return best;

        bool ClearsBaseline(CandidateScore candidate) => candidate.Mean - baseline.Mean > PairedStandardError(candidate.FoldScores, baseline.FoldScores);
    }

    /// <summary>The standard error of the mean of the fold-by-fold differences a − b.</summary>
    internal static double PairedStandardError(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        int n = a.Count;
        if (n < 2)
        {
            return 0;
        }

        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += a[i] - b[i];
        }

        mean /= n;
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            double d = a[i] - b[i] - mean;
            squares += d * d;
        }

        return Math.Sqrt(squares / (n - 1) / n);
    }

    /// <summary>
    /// Average precision of the estimator fitted on <paramref name="train"/> on the held-out rows of
    /// inner fold <paramref name="fold"/>; the scores must come back one per held-out row, in order.
    /// </summary>
    internal static double ScoreFold<TTransformer>(IEstimator<TTransformer> estimator, IDataView train, IDataView test, bool[] isPositive, int fold)
        where TTransformer : ITransformer
    {
        var model = estimator.Fit(train);
        try
        {
            var scored = model.Transform(test);
            var score = SchemaColumns.Require(scored.Schema, "Score", "score column", "scored data");
            var values = scored.GetColumn<float>(score).Select(v => (double)v).ToArray();
            if (values.Length != isPositive.Length)
            {
                throw new InvalidOperationException(
                    $"auto's inner fold {fold + 1}: the wrapped estimator returned {values.Length} scores for {isPositive.Length} held-out rows, so scores and labels would not line up. " +
                    "A step that drops or adds rows when transforming (a row filter, for example) cannot sit inside an auto-augmented estimator: filter the rows before it.");
            }

            return BinaryMetrics.Evaluate(values, isPositive).AucPr;
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }

    /// <summary>Writes tables for the estimator, with the auto oversampler's weight column when it has one.</summary>
    internal sealed class WeightedWriter(DataViewLayout layout, string? weightColumn, string positive)
    {
        private readonly DataViewLayout _layout = weightColumn is null ? layout : layout.WithSingle(weightColumn);

        /// <summary>Negatives ÷ positives of <paramref name="table"/>: the weight that balances the classes.</summary>
        public static double BalancingWeight(Table table, string positive)
        {
            var label = table.LabelColumn!;
            int positives = label.Matches(positive).Count(p => p);
            return (label.Length - positives) / (double)positives;
        }

        /// <summary><paramref name="table"/> as a view; with a weight column, positives weigh <paramref name="positiveWeight"/> and negatives 1.</summary>
        public IDataView Write(Table table, double positiveWeight)
        {
            if (weightColumn is null)
            {
                return _layout.Write(table);
            }

            var isPositive = table.LabelColumn!.Matches(positive);
            var weights = new double[table.RowCount];
            for (int r = 0; r < weights.Length; r++)
            {
                weights[r] = isPositive[r] ? positiveWeight : 1;
            }

            return _layout.Write(new Table([.. table.Columns, new NumericColumn(weightColumn, weights)], table.Label));
        }
    }

    private static OversamplingOptions Copy(OversamplingOptions options, double ratio) => new()
    {
        LabelColumn = options.LabelColumn,
        PositiveClass = options.PositiveClass,
        TargetRatio = ratio,
        Seed = options.Seed,
        RoundIntegers = options.RoundIntegers,
    };
}
