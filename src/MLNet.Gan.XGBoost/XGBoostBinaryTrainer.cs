using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Comparison;
using MLNet.Gan.DataViews;

namespace MLNet.Gan.XGBoost;

/// <summary>
/// XGBoost (binary:logistic over libxgboost's C API) as an ML.NET trainer: reads a
/// <c>Vector&lt;Single&gt;</c> feature column (NaN is "missing": XGBoost learns a direction for it), a
/// <c>Boolean</c> label and an optional <c>Single</c> example weight, like FastTree. The reference
/// protocol of our benchmarks uses it.
/// </summary>
public sealed class XGBoostBinaryTrainer : IEstimator<XGBoostBinaryModel>
{
    internal XGBoostBinaryTrainer(GradientBoostedTreesOptions options, string labelColumnName, string featureColumnName, string? exampleWeightColumnName)
    {
        Options = options;
        LabelColumnName = labelColumnName;
        FeatureColumnName = featureColumnName;
        ExampleWeightColumnName = exampleWeightColumnName;
    }

    /// <summary>Booster settings (defaults: 300 rounds, depth 6, learning rate 0.1, hist).</summary>
    public GradientBoostedTreesOptions Options { get; }

    /// <summary>The Boolean label column.</summary>
    public string LabelColumnName { get; }

    /// <summary>The feature vector column.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The example weight column, if any.</summary>
    public string? ExampleWeightColumnName { get; }

    /// <inheritdoc />
    public XGBoostBinaryModel Fit(IDataView input)
    {
        var features = FeatureMatrix.Read(input, FeatureColumnName, out int rows, out int width);
        var labels = Column<bool>(input, LabelColumnName, BooleanDataViewType.Instance).Select(b => b ? 1f : 0f).ToArray();
        if (labels.All(l => l == 1f) || labels.All(l => l == 0f))
        {
            throw new ArgumentException($"The label '{LabelColumnName}' has one class in all {labels.Length} training rows; a classifier needs both.");
        }

        var weights = ExampleWeightColumnName is null ? null : Column<float>(input, ExampleWeightColumnName, NumberDataViewType.Single).ToArray();
        return new XGBoostBinaryModel(Booster.Train(features, rows, width, labels, weights, Options), FeatureColumnName, width);
    }

    /// <summary>
    /// The scored schema: the input plus <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>. ML.NET
    /// lets only its own components build new schema columns, so the shape is FastTree's, which adds
    /// exactly these columns from the same inputs (and checks them the same way).
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => new MLContext().BinaryClassification.Trainers.FastTree(LabelColumnName, FeatureColumnName, ExampleWeightColumnName).GetOutputSchema(inputSchema);

    private static IEnumerable<T> Column<T>(IDataView data, string name, DataViewType type)
    {
        var column = FeatureMatrix.Require(data.Schema, name, "column", "training data");
        if (!column.Type.Equals(type))
        {
            throw new ArgumentException($"Schema mismatch for column '{name}': expected {type}, got {column.Type}.");
        }

        return data.GetColumn<T>(column);
    }
}

/// <summary>Adds XGBoost to <c>mlContext.BinaryClassification.Trainers</c> and to the comparison's classifiers.</summary>
public static class XGBoostCatalog
{
    /// <summary>XGBoost gradient-boosted trees (defaults of <see cref="GradientBoostedTreesDefaults"/>).</summary>
    public static XGBoostBinaryTrainer XGBoost(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, GradientBoostedTreesOptions? options = null,
        string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new XGBoostBinaryTrainer(options ?? new GradientBoostedTreesOptions(), labelColumnName, featureColumnName, exampleWeightColumnName);
    }

    /// <summary>XGBoost as a comparison classifier: the reference protocol's settings (300 rounds, depth 6, learning rate 0.1, hist), seeded.</summary>
    public static ComparisonClassifier Comparison { get; } = new("xgboost", (ml, seed, weight, threads) =>
        ml.BinaryClassification.Trainers.XGBoost(new GradientBoostedTreesOptions { Seed = seed, Threads = threads }, exampleWeightColumnName: weight));
}
