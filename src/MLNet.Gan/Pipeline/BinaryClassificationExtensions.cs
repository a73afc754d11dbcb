using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Evaluation;

namespace MLNet.Gan.Pipeline;

/// <summary>
/// A scored view's metrics: ML.NET's evaluator for ROC-AUC, F1 and the confusion matrix, and ours for
/// average precision (the AUC-PR scikit-learn reports and the anchors use), best F1 and recall at
/// precision ≥ 0.9. Both AUC-PR figures are kept, named for what they are.
/// </summary>
/// <param name="AveragePrecision">Average precision as scikit-learn computes it: Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct scores (ties grouped).</param>
/// <param name="MlNetAuprc">ML.NET's <c>AreaUnderPrecisionRecallCurve</c>: a lower-trapezoid estimate on a sample of at most 100,000 rows, ties not grouped.</param>
/// <param name="RocAuc">ML.NET's <c>AreaUnderRocCurve</c>.</param>
/// <param name="F1">ML.NET's F1 at its predicted label (probability ≥ 0.5).</param>
/// <param name="BestF1">The largest F1 over all score thresholds.</param>
/// <param name="RecallAtPrecision90">The largest recall among thresholds with precision ≥ 0.9 (0 if none).</param>
/// <param name="Confusion">ML.NET's confusion matrix at its predicted label.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="Positives">Positive rows.</param>
public sealed record BinaryEvaluation(double AveragePrecision, double MlNetAuprc, double RocAuc, double F1, double BestF1, double RecallAtPrecision90,
    Microsoft.ML.Data.ConfusionMatrix Confusion, int Rows, int Positives);

/// <summary>One fold of a stratified cross-validation.</summary>
/// <param name="Fold">The fold, from 0.</param>
/// <param name="Model">The model fitted on the other folds.</param>
/// <param name="ScoredTestSet">This fold's rows, scored.</param>
/// <param name="Metrics">Their metrics.</param>
public sealed record FoldResult(int Fold, ITransformer Model, IDataView ScoredTestSet, BinaryEvaluation Metrics);

/// <summary>Evaluation and stratified cross-validation on <c>mlContext.BinaryClassification</c>.</summary>
public static class BinaryClassificationExtensions
{
    /// <summary>
    /// ML.NET's <c>Evaluate</c> (the view needs <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>)
    /// plus average precision, best F1 and recall at precision ≥ 0.9 of the score.
    /// </summary>
    public static BinaryEvaluation EvaluateWithAveragePrecision(this BinaryClassificationCatalog catalog, IDataView scored, string labelColumnName = "Label", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var name in new[] { labelColumnName, scoreColumnName })
        {
            SchemaColumns.Require(scored.Schema, name, data: "scored data");
        }

        var mlnet = catalog.Evaluate(scored, labelColumnName, scoreColumnName);
        var (labels, scores) = LabelsAndScores(scored, scored.Schema[labelColumnName], scored.Schema[scoreColumnName]);
        var ours = BinaryMetrics.Evaluate(scores, labels);
        return new BinaryEvaluation(ours.AucPr, mlnet.AreaUnderPrecisionRecallCurve, mlnet.AreaUnderRocCurve, mlnet.F1Score, ours.F1Best, ours.RecallAtPrecision90,
            mlnet.ConfusionMatrix, ours.Rows, ours.Positives);
    }

    /// <summary>The label and score of every row, in one pass (each pass over a scored view runs the model).</summary>
    private static (List<bool> Labels, List<double> Scores) LabelsAndScores(IDataView scored, DataViewSchema.Column label, DataViewSchema.Column score)
    {
        int capacity = (int)Math.Min(scored.GetRowCount() ?? 0, int.MaxValue);
        var (labels, scores) = (new List<bool>(capacity), new List<double>(capacity));
        using var cursor = scored.GetRowCursor([label, score]);
        var getLabel = cursor.GetGetter<bool>(label);
        var getScore = cursor.GetGetter<float>(score);
        bool l = false;
        float v = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref l);
            getScore(ref v);
            labels.Add(l);
            scores.Add(v);
        }

        return (labels, scores);
    }

    /// <summary>
    /// Stratified k-fold cross-validation: the folds stratify on <paramref name="stratificationColumnName"/>
    /// (the raw label, say), <paramref name="estimator"/> is fitted on each fold's training rows (an
    /// augmented estimator augments those rows only) and scored on the fold's own rows, which partition the data.
    /// </summary>
    public static IReadOnlyList<FoldResult> StratifiedCrossValidate<TTransformer>(this BinaryClassificationCatalog catalog, IDataView data, IEstimator<TTransformer> estimator,
        string stratificationColumnName, int numberOfFolds = 5, string labelColumnName = "Label", long seed = 0)
        where TTransformer : ITransformer
    {
        var results = new List<FoldResult>(numberOfFolds);
        var folds = DataOperationsExtensions.StratifiedKFold(data, stratificationColumnName, numberOfFolds, seed);
        for (int f = 0; f < folds.Count; f++)
        {
            var model = estimator.Fit(folds[f].TrainSet);
            var scored = model.Transform(folds[f].TestSet);
            results.Add(new FoldResult(f, model, scored, catalog.EvaluateWithAveragePrecision(scored, labelColumnName)));
        }

        return results;
    }
}
