using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>A trained binary classifier that scores table rows: the probability of the positive class per row.</summary>
public interface ITableScorer : IDisposable
{
    /// <summary>One score per row of <paramref name="table"/>, in row order.</summary>
    double[] Score(Table table);
}

/// <summary>
/// Trains a binary classifier on <paramref name="training"/> (whose <see cref="Table.Label"/> is the
/// target) for <paramref name="positiveClass"/>. The metrics that need a classifier (detection,
/// utility) take one, so the core stays free of the native XGBoost dependency.
/// </summary>
public delegate ITableScorer BinaryClassifierTrainer(Table training, string positiveClass);

/// <summary>
/// Detection: how well can a classifier tell real rows from synthetic ones? The mean ROC-AUC over
/// stratified folds; 0.5 means indistinguishable, 1 means every synthetic row gives itself away.
/// </summary>
public static class Detection
{
    /// <summary>Name of the real-or-synthetic target column the detectors train on.</summary>
    public const string SourceColumn = "__source";

    /// <summary>Detection ROC-AUC of L2-regularised logistic regression on standardised numbers (plus missing indicators) and one-hot categories.</summary>
    public static double LogisticAuc(Table real, Table synthetic, int folds = 3, long seed = 0, int sampleRows = 50_000)
    {
        var combined = Combine(real, synthetic, seed, sampleRows);
        var (x, width) = LogisticFeatures(combined);
        var isSynthetic = IsSynthetic(combined);
        return MeanFoldAuc(isSynthetic, folds, seed, (train, test) =>
        {
            var fit = LogisticRegression.Fit(Rows(x, width, train), [.. train.Select(r => isSynthetic[r])], width);
            var testX = Rows(x, width, test);
            return [.. test.Select((_, i) => fit.Predict(testX, i))];
        });
    }

    /// <summary>Detection ROC-AUC of the classifier <paramref name="trainer"/> makes (XGBoost in the tool).</summary>
    public static double ClassifierAuc(Table real, Table synthetic, BinaryClassifierTrainer trainer, int folds = 3, long seed = 0, int sampleRows = 50_000)
    {
        var combined = Combine(real, synthetic, seed, sampleRows);
        return MeanFoldAuc(IsSynthetic(combined), folds, seed, (train, test) =>
        {
            using var model = trainer(combined.Select(train), "synthetic");
            return model.Score(combined.Select(test));
        });
    }

    /// <summary>
    /// Real rows then synthetic rows (each at most <paramref name="sampleRows"/>, seeded), with the
    /// <see cref="SourceColumn"/> label. The real table's own label, if any, is an ordinary column here.
    /// </summary>
    internal static Table Combine(Table real, Table synthetic, long seed, int sampleRows)
    {
        real = TableMatching.Unlabelled(real);
        synthetic = TableMatching.Align(real, synthetic, TableMatching.SyntheticData);
        real = real.Select(RowSample.Take(real.RowCount, sampleRows, seed));
        synthetic = synthetic.Select(RowSample.Take(synthetic.RowCount, sampleRows, seed));
        var source = new int[real.RowCount + synthetic.RowCount];
        source.AsSpan(real.RowCount).Fill(1);
        var label = new CategoricalColumn(SourceColumn, source, ["real", "synthetic"]);
        return new Table([.. real.Append(synthetic).Columns, label], SourceColumn);
    }

    /// <summary>
    /// Mean ROC-AUC over stratified folds. Each class is shuffled by its own stream of the same seed,
    /// so two equally long identical tables put each real row and its synthetic twin in the same fold:
    /// a detector then scores them alike and the AUC is exactly ½.
    /// </summary>
    private static double MeanFoldAuc(bool[] isSynthetic, int folds, long seed, Func<int[], int[], IReadOnlyList<double>> scoreFold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        int rows = isSynthetic.Length, realRows = isSynthetic.Count(s => !s);
        if (realRows < folds || rows - realRows < folds)
        {
            throw new DataFormatException($"detection needs at least {folds} real and {folds} synthetic rows (has {realRows} and {rows - realRows}).");
        }

        var foldOf = new int[rows];
        foreach (var (offset, count) in new[] { (0, realRows), (realRows, rows - realRows) })
        {
            var order = Enumerable.Range(0, count).ToArray();
            RandomStream.Create(seed, streamId: 0xDE7).Shuffle(order.AsSpan());
            for (int i = 0; i < count; i++)
            {
                foldOf[offset + order[i]] = i % folds;
            }
        }

        double sum = 0;
        for (int f = 0; f < folds; f++)
        {
            int[] test = [.. Enumerable.Range(0, rows).Where(r => foldOf[r] == f)];
            int[] train = [.. Enumerable.Range(0, rows).Where(r => foldOf[r] != f)];
            var scores = scoreFold(train, test);
            sum += BinaryMetrics.Evaluate(scores, [.. test.Select(r => isSynthetic[r])]).RocAuc;
        }

        return sum / folds;
    }

    private static bool[] IsSynthetic(Table combined) => [.. ((CategoricalColumn)combined[SourceColumn]).Codes.Select(c => c == 1)];

    /// <summary>Row-major features: standardised numbers (0 where missing, plus a missing indicator when any are) and one-hot categories.</summary>
    private static (float[] X, int Width) LogisticFeatures(Table combined)
    {
        var blocks = new List<Func<int, int, float>>();
        var widths = new List<int>();
        foreach (var column in combined.Columns.Where(c => c.Name != SourceColumn))
        {
            if (column is NumericColumn n)
            {
                var present = n.Values.Where(v => !double.IsNaN(v)).ToArray();
                double mean = present.Length == 0 ? 0 : present.Average();
                double std = present.Length < 2 ? 1 : Math.Sqrt(present.Sum(v => (v - mean) * (v - mean)) / present.Length);
                std = std > 0 ? std : 1;
                bool hasMissing = n.MissingCount > 0;
                blocks.Add((r, k) => double.IsNaN(n.Values[r]) ? (k == 0 ? 0f : 1f) : (k == 0 ? (float)((n.Values[r] - mean) / std) : 0f));
                widths.Add(hasMissing ? 2 : 1);
            }
            else
            {
                var c = (CategoricalColumn)column;
                blocks.Add((r, k) => c.Codes[r] == k ? 1f : 0f);
                widths.Add(c.Categories.Count);
            }
        }

        int width = widths.Sum();
        var x = new float[combined.RowCount * width];
        for (int r = 0; r < combined.RowCount; r++)
        {
            int offset = r * width;
            for (int b = 0; b < blocks.Count; b++)
            {
                for (int k = 0; k < widths[b]; k++)
                {
                    x[offset++] = blocks[b](r, k);
                }
            }
        }

        return (x, width);
    }

    private static float[] Rows(float[] x, int width, int[] rows)
    {
        var result = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
        {
            x.AsSpan(rows[i] * width, width).CopyTo(result.AsSpan(i * width));
        }

        return result;
    }
}
