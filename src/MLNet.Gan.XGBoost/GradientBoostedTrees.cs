using MLNet.Gan.Evaluation;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.XGBoost;

/// <summary>
/// Trains a binary gradient-boosted-trees classifier (XGBoost, binary:logistic) on a table's label:
/// the classifier of the synthetic-data audit (detection, utility), which works on tables. In an
/// ML.NET pipeline use <c>mlContext.BinaryClassification.Trainers.XGBoost</c>.
/// </summary>
public sealed class GradientBoostedTreesTrainer(string labelColumn, string positiveClass, GradientBoostedTreesOptions? options = null)
{
    /// <summary>The options.</summary>
    public GradientBoostedTreesOptions Options { get; } = options ?? new GradientBoostedTreesOptions();

    /// <summary>Trains on <paramref name="input"/>.</summary>
    public GradientBoostedTreesModel Fit(Table input)
    {
        var label = input.Contains(labelColumn) && input[labelColumn] is CategoricalColumn c ? c
            : throw new ArgumentException($"The training table has no categorical label column '{labelColumn}'.");
        int positive = label.CodeOf(positiveClass);
        if (positive < 0)
        {
            throw new ArgumentException($"Label '{labelColumn}' has no value '{positiveClass}'. Values: {string.Join(", ", label.Categories)}.");
        }

        var layout = new FeatureLayout(input, labelColumn, [], Options.NumberCategoriesAsNumbers);
        var targets = label.Codes.Select(code => code == positive ? 1f : 0f).ToArray();
        return new GradientBoostedTreesModel(Booster.Train(layout.Build(input), input.RowCount, layout.Width, targets, null, Options), layout);
    }
}

/// <summary>A trained table classifier: the positive-class probability of each row.</summary>
public sealed class GradientBoostedTreesModel : ITableScorer
{
    private readonly BoosterHandle _booster;
    private readonly FeatureLayout _layout;

    internal GradientBoostedTreesModel(BoosterHandle booster, FeatureLayout layout)
    {
        _booster = booster;
        _layout = layout;
    }

    /// <summary>The booster in XGBoost's own binary format.</summary>
    public byte[] ModelBytes() => Booster.Bytes(_booster);

    /// <inheritdoc />
    public double[] Score(Table table)
        => [.. Booster.Predict(_booster, _layout.Build(table), table.RowCount, _layout.Width).Select(p => (double)p)];

    /// <inheritdoc />
    public void Dispose() => _booster.Dispose();
}
