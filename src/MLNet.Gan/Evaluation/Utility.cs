using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// Machine-learning utility: does a classifier trained on the synthetic rows work on real rows as well
/// as one trained on the real rows? Both are scored by AUC-PR on the same real test rows: the holdout
/// when given, otherwise a stratified 30 % of the real rows (the real model then trains on the rest).
/// </summary>
public static class Utility
{
    /// <summary>Train-on-synthetic-test-on-real and train-on-real-test-on-real AUC-PR with the same classifier.</summary>
    public static (double Tstr, double Trtr) AucPr(Table real, Table synthetic, Table? holdout, string positiveClass, BinaryClassifierTrainer trainer, long seed = 0)
    {
        string label = real.Label ?? throw new ArgumentException("Utility needs the real table's label column.", nameof(real));
        var syntheticRows = TableMatching.Align(real, synthetic, TableMatching.SyntheticData).WithLabel(label);
        var (realTrain, test) = holdout is null ? real.StratifiedSplit(0.3, seed) : (real, TableMatching.Align(real, holdout, TableMatching.HoldoutData).WithLabel(label));
        foreach (var (table, name) in new[] { (syntheticRows, TableMatching.SyntheticData), (realTrain, "the real training rows"), (test, "the real test rows") })
        {
            var counts = table.LabelColumn!.Counts();
            int positives = table.LabelColumn.CodeOf(positiveClass) is int p and >= 0 ? counts[p] : 0;
            if (positives == 0 || positives == table.RowCount)
            {
                throw new DataFormatException($"{name} hold only one class of the label ({positives} of {table.RowCount} rows are '{positiveClass}'); train-on-synthetic needs both. Leave out --label to skip utility.", column: label);
            }
        }

        return (Score(trainer, syntheticRows, test, label, positiveClass), Score(trainer, realTrain, test, label, positiveClass));
    }

    private static double Score(BinaryClassifierTrainer trainer, Table train, Table test, string label, string positiveClass)
    {
        using var model = trainer(train, positiveClass);
        return BinaryMetrics.Evaluate(model.Score(test), test.LabelColumn!.Matches(positiveClass)).AucPr;
    }
}
