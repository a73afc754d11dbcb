using System.Runtime.CompilerServices;
using Microsoft.ML;
using MLNet.Gan.Augmentation;
using MLNet.Gan.DataViews;

namespace MLNet.Gan.Pipeline;

/// <summary>
/// An estimator that augments its training rows before fitting the estimator it wraps: in
/// <see cref="Fit"/> the oversampler is fitted on the minority rows of the training data, its
/// synthetic positives are appended, and the wrapped estimator is fitted on the result. It returns
/// <b>the wrapped estimator's own transformer</b>: nothing of the augmentation is in the fitted model,
/// so scoring, <c>PredictionEngine</c>, <c>mlContext.Model.Save</c>/<c>Load</c> and cross-validation
/// (which fits each fold separately) never see a synthetic row. What the augmentation did (the rows added,
/// the synthesizer, auto's choice and scores) is read from the fitted model with
/// <see cref="AugmentationExtensions.GetAugmentation"/>.
/// </summary>
/// <typeparam name="TTransformer">The wrapped estimator's transformer.</typeparam>
public sealed class AugmentedEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : ITransformer
{
    private readonly IEstimator<TTransformer> _inner;

    internal AugmentedEstimator(IEstimator<TTransformer> inner, Oversampler oversampler, string? featureColumnName)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        Oversampler = oversampler ?? throw new ArgumentNullException(nameof(oversampler));
        FeatureColumnName = featureColumnName;
    }

    /// <summary>The oversampler run on the training rows.</summary>
    public Oversampler Oversampler { get; }

    /// <summary>
    /// Null when the oversampler sees every visible column (raw mixed-type columns, as CTGAN and TVAE
    /// are designed for); otherwise the one feature vector it augments (feature space, as SMOTE is
    /// usually run), together with the label.
    /// </summary>
    public string? FeatureColumnName { get; }

    /// <summary>Augments <paramref name="input"/>'s rows and fits the wrapped estimator on them.</summary>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string label = Oversampler.Options.LabelColumn;
        SchemaColumns.Require(input.Schema, label, $"label column for the {Oversampler.Name} augmenter", "training data");

        var layout = FeatureColumnName is null ? DataViewLayout.Of(input.Schema) : DataViewLayout.Of(input.Schema, [FeatureColumnName, label]);
        var table = layout.Read(input, label);
        var run = Oversampler.Candidates is null ? Oversampler.Run(table) : AugmentationSelection.Run(_inner, layout, table, Oversampler);
        Oversampler.Log.Info("augmentation", run.Choice is { } choice
            ? $"auto augmentation on {table.RowCount:N0} training rows: {choice}; {run.RowsAdded:N0} rows added"
            : $"{run.Method} augmentation: {run.RowsAdded:N0} synthetic positives added to {table.RowCount:N0} training rows (fit {run.FitTime.TotalSeconds:F1} s, generation {run.GenerateTime.TotalSeconds:F1} s)");
        var writer = new AugmentationSelection.WeightedWriter(layout, Oversampler.WeightColumn, Oversampler.Options.PositiveValue(table));
        var model = _inner.Fit(writer.Write(run.Augmented, run.PositiveWeight));
        AugmentationExtensions.Remember(model, run);
        return model;
    }

    /// <summary>
    /// The wrapped estimator's output schema. With auto's weight column, the wrapped estimator is fitted
    /// on views that carry it (<see cref="Fit"/> writes it), so it is checked with that column added,
    /// and the column is left out of the output: the input has none, and scoring needs none.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string label = Oversampler.Options.LabelColumn;
        string? weight = Oversampler.WeightColumn;
        if (weight is null || SchemaShapes.Has(inputSchema, weight) || !SchemaShapes.Has(inputSchema, label))
        {
            // no weight column to add, or one that Fit refuses with a clear error
            return _inner.GetOutputSchema(inputSchema);
        }

        return SchemaShapes.Without(_inner.GetOutputSchema(SchemaShapes.WithSingle(inputSchema, weight, label)), weight);
    }
}

/// <summary>Wraps any estimator with minority augmentation of its training rows, and reads back what it did.</summary>
public static class AugmentationExtensions
{
    // The fitted model stays the wrapped estimator's own transformer (saved, loaded and converted to ONNX as
    // ML.NET's), so the run is kept beside it, for as long as the model lives, rather than inside it.
    private static readonly ConditionalWeakTable<object, OversamplingRun> Runs = [];

    /// <summary>
    /// What the augmentation did before <paramref name="model"/> was fitted: the training rows, the rows added, the
    /// synthesizer and, for auto, its choice and every candidate's scores. <paramref name="model"/> is what an
    /// augmented estimator's <c>Fit</c> returned, or a chain (an <c>EstimatorChain</c>'s fitted
    /// <c>TransformerChain</c>, a cross-validation fold's model) holding it; the first augmentation found, in
    /// the chain's order, is returned. Null when no augmentation fitted it in this process: the run is not saved
    /// with the model (the model holds no synthetic row), so a model loaded from a file has none.
    /// </summary>
    /// <param name="model">A fitted model.</param>
    public static OversamplingRun? GetAugmentation(this ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Runs.TryGetValue(model, out var run))
        {
            return run;
        }

        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (var part in chain)
            {
                if (part is not null && GetAugmentation(part) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    internal static void Remember(ITransformer model, OversamplingRun run) => Runs.AddOrUpdate(model, run);

    /// <summary>
    /// Augments the raw training rows, then fits <paramref name="estimator"/> (typically the whole
    /// featurize-and-train chain): CTGAN and TVAE see the mixed-type columns they are designed for.
    /// Every visible column must be a number, Boolean, text, key or number vector.
    /// </summary>
    public static AugmentedEstimator<TTransformer> WithAugmentation<TTransformer>(this IEstimator<TTransformer> estimator, Oversampler oversampler)
        where TTransformer : ITransformer
        => new(estimator, oversampler, featureColumnName: null);

    /// <summary>
    /// Augments in feature space: only <paramref name="featureColumnName"/> (a number vector) and the
    /// label are read, and <paramref name="trainer"/> is fitted on those two columns with the synthetic
    /// rows added. Wrap only the trainer, after the featurizing steps; the label is the trainer's
    /// (a Boolean: positive class "True").
    /// </summary>
    public static AugmentedEstimator<TTransformer> WithFeatureSpaceAugmentation<TTransformer>(this IEstimator<TTransformer> trainer, Oversampler oversampler, string featureColumnName = "Features")
        where TTransformer : ITransformer
        => new(trainer, oversampler, featureColumnName);
}
