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
/// wrapped estimator by average precision with nothing added and with every candidate at every ratio;
/// the best mean wins, adding nothing on ties. Each candidate is fitted once per fold and its rows
/// for smaller ratios are a prefix of those for the largest (the rows are independent draws).
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
            scores[0].Folds[f] = Score(estimator, layout.Write(train), testView, isPositive);
            int next = 1;
            foreach (var candidate in auto.Candidates!)
            {
                int[] needed = [.. auto.Ratios.Select(ratio => Copy(options, ratio).RowsToAdd(train))];
                var rows = needed.Max() == 0 ? train.Select([]) : candidate.Fit(train).Generate(needed.Max());
                for (int i = 0; i < needed.Length; i++)
                {
                    var augmented = needed[i] == 0 ? train : train.Append(rows.Select([.. Enumerable.Range(0, needed[i])]));
                    scores[next++].Folds[f] = Score(estimator, layout.Write(augmented), testView, isPositive);
                }
            }
        }

        var ranked = scores.Select(s => new CandidateScore(s.Method, s.Ratio, s.Folds)).ToArray();
        var best = ranked[0];
        foreach (var candidate in ranked.Skip(1))
        {
            if (candidate.Mean > best.Mean)
            {
                best = candidate;
            }
        }

        var choice = new AugmentationChoice(best.Method, best.Ratio, ranked);
        var selectTime = clock.Elapsed;
        if (best.Method == "none")
        {
            return new OversamplingRun("auto", training, training.Select([]), null, selectTime, TimeSpan.Zero) { Choice = choice };
        }

        var chosen = auto.Candidates!.First(c => c.Name == best.Method);
        int rowsToAdd = Copy(options, best.Ratio).RowsToAdd(training);
        var fitted = chosen.Fit(training);
        var fitTime = clock.Elapsed;
        return new OversamplingRun("auto", training, fitted.Generate(rowsToAdd), fitted.Synthesizer, fitTime, clock.Elapsed - fitTime) { Choice = choice };
    }

    /// <summary>Average precision of the estimator fitted on <paramref name="train"/> on the held-out rows.</summary>
    private static double Score<TTransformer>(IEstimator<TTransformer> estimator, IDataView train, IDataView test, bool[] isPositive)
        where TTransformer : ITransformer
    {
        var model = estimator.Fit(train);
        try
        {
            var scored = model.Transform(test);
            var score = SchemaColumns.Require(scored.Schema, "Score", "score column", "scored data");
            var values = scored.GetColumn<float>(score).Select(v => (double)v).ToArray();
            return BinaryMetrics.Evaluate(values, isPositive).AucPr;
        }
        finally
        {
            (model as IDisposable)?.Dispose();
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
