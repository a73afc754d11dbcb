using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// Machine-learning utility: does a classifier trained on the synthetic rows work on real rows as well
/// as one trained on the real rows? Both are scored by AUC-PR on the same real test rows: a holdout the
/// generator never saw. Without one there is no fair test set: the generator was fitted on every real
/// row, so real rows held out after the fact have been seen by "train on synthetic" (through the
/// generator) and not by "train on real", and utility would favour the synthetic rows
/// (<see cref="WithoutHoldout"/>).
/// </summary>
public static class Utility
{
    /// <summary>Why utility is not measured without a holdout (the audit reports it in place of the figures).</summary>
    public const string WithoutHoldout = "not measured: utility needs a holdout of real rows the generator never saw; real rows split off after the fact were seen by the generator, so train-on-synthetic would be graded on rows it has learned from and look better than it is.";

    /// <summary>Train-on-synthetic-test-on-real and train-on-real-test-on-real AUC-PR with the same classifier, both tested on <paramref name="holdout"/>.</summary>
    public static (double Tstr, double Trtr) AucPr(Table real, Table synthetic, Table holdout, string positiveClass, BinaryClassifierTrainer trainer)
    {
        ArgumentNullException.ThrowIfNull(holdout, nameof(holdout));
        string label = real.Label ?? throw new ArgumentException("Utility needs the real table's label column.", nameof(real));
        var syntheticRows = TableMatching.Align(real, synthetic, TableMatching.SyntheticData).WithLabel(label);
        var test = TableMatching.Align(real, holdout, TableMatching.HoldoutData).WithLabel(label);
        foreach (var (table, name) in new[] { (syntheticRows, TableMatching.SyntheticData), (real, "the real training rows"), (test, "the real holdout rows") })
        {
            var counts = table.LabelColumn!.Counts();
            int positives = table.LabelColumn.CodeOf(positiveClass) is int p and >= 0 ? counts[p] : 0;
            if (positives == 0 || positives == table.RowCount)
            {
                throw new DataFormatException($"{name} hold only one class of the label ({positives} of {table.RowCount} rows are '{positiveClass}'); train-on-synthetic needs both. Leave out --label to skip utility.", column: label);
            }
        }

        return (Score(trainer, syntheticRows, test, label, positiveClass), Score(trainer, real, test, label, positiveClass));
    }

    private static double Score(BinaryClassifierTrainer trainer, Table train, Table test, string label, string positiveClass)
    {
        using var model = trainer(train, positiveClass);
        return BinaryMetrics.Evaluate(model.Score(test), test.LabelColumn!.Matches(positiveClass)).AucPr;
    }
}
