using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Augmentation;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Comparison;

/// <summary>What one arm scored on one seed.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Seed">The split's and the arm's seed.</param>
/// <param name="Metrics">Metrics on the untouched test rows.</param>
/// <param name="AugmentSeconds">Fitting the oversampler and generating.</param>
/// <param name="ClassifierSeconds">Featurizing and training the classifier.</param>
/// <param name="SyntheticRows">Rows the oversampler added.</param>
/// <param name="Choice">For the auto arm: what its inner cross-validation chose.</param>
public sealed record ArmResult(string Arm, long Seed, BinaryEvaluation Metrics, double AugmentSeconds, double ClassifierSeconds, int SyntheticRows, AugmentationChoice? Choice = null);

/// <summary>One arm's fitted model on one seed, with the rows it was fitted and scored on (to export or keep it).</summary>
public sealed record ArmModel(string Arm, long Seed, ITransformer Model, IDataView TrainSet, IDataView TestSet);

/// <summary>An augmented arm's oversampling on one seed, with that seed's test rows (for an audit of the synthetic rows).</summary>
public sealed record ArmAugmentation(string Arm, long Seed, OversamplingRun Run, IDataView TestSet);

/// <summary>
/// Does augmenting the rare class help a tree classifier, on untouched test rows? Every arm of a seed
/// trains the same ML.NET pipeline — <c>FeaturizeForTrees</c> then the classifier — on the same
/// stratified training rows: as they are ("none"), with class weights ("weighted": positives weigh
/// negatives ÷ positives), or wrapped by <c>WithAugmentation</c> with SMOTE-NC, random duplication,
/// CTGAN or TVAE fitted on the training positives only, or "auto", which chooses among SMOTE-NC,
/// CTGAN, TVAE, class weights and adding nothing by inner cross-validation on the training rows, or
/// "scores", whose features gain a critic's score and TVAE's reconstruction error (models fitted on
/// the training positives). Each is scored on
/// the same test rows.
/// </summary>
public sealed class AugmentationComparison(ComparisonOptions options)
{
    /// <summary>Called before each arm ("seed 0: ctgan").</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Called when the auto arm has chosen, with the seed and the choice.</summary>
    public Action<long, AugmentationChoice>? Chosen { get; init; }

    /// <summary>Called after each augmentation.</summary>
    public Action<ArmAugmentation>? Augmented { get; init; }

    /// <summary>Called with each arm's fitted model before it is released (the model is not usable after the call).</summary>
    public Action<ArmModel>? Fitted { get; init; }

    /// <summary>Runs every seed's stratified split of <paramref name="data"/> and every arm on it.</summary>
    public ComparisonResult Run(IDataView data)
    {
        options.Validate();
        var (rows, positives) = CheckLabel(data);
        var runs = new List<ArmResult>();
        foreach (long seed in options.Seeds)
        {
            var split = new MLContext(unchecked((int)seed)).Data.StratifiedTrainTestSplit(data, options.LabelColumnName, options.TestFraction, seed);
            runs.AddRange(RunSplit(FewerPositives(split.TrainSet, seed), split.TestSet, seed));
        }

        return new ComparisonResult(options, rows, positives, runs);
    }

    /// <summary>Runs every arm on given training and test rows (each seed seeds the arms, the split is yours).</summary>
    public ComparisonResult Run(IDataView train, IDataView test)
    {
        options.Validate();
        var (rows, positives) = CheckLabel(train);
        CheckLabel(test);
        var runs = new List<ArmResult>();
        foreach (long seed in options.Seeds)
        {
            runs.AddRange(RunSplit(FewerPositives(train, seed), test, seed));
        }

        return new ComparisonResult(options, rows, positives, runs);
    }

    /// <summary>An estimator whose fitted transformer is handed to a callback (to time the scores arm's fit).</summary>
    private sealed class ObservedEstimator<T>(IEstimator<T> inner, Action<T> fitted) : IEstimator<T>
        where T : class, ITransformer
    {
        public T Fit(IDataView input)
        {
            var transformer = inner.Fit(input);
            fitted(transformer);
            return transformer;
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    private const string AutoWeightColumn = "AutoExampleWeight";

    private IEnumerable<ArmResult> RunSplit(IDataView train, IDataView test, long seed)
    {
        // what every arm of this split shares, read from the training rows once
        var (rows, positives) = CheckLabel(train);
        float positiveWeight = (rows - positives) / (float)positives;
        string[]? numericCodes = options.NumericCodesAsNumbers ? NumericCodeColumns(train) : null;
        foreach (var arm in options.Arms)
        {
            Progress?.Invoke($"seed {seed}: {arm}");
            yield return RunArm(arm, train, test, seed, positiveWeight, numericCodes);
        }
    }

    // arms are the strings of ComparisonOptions.KnownArms (the CLI's --arms and the JSON's keys), checked by Validate before any runs
    private ArmResult RunArm(string arm, IDataView train, IDataView test, long seed, float positiveWeight, string[]? numericCodes)
    {
        var ml = new MLContext(unchecked((int)seed));
        var catalog = new AugmentationCatalog(seed);
        IEstimator<ITransformer> pipeline = ml.Transforms.FeaturizeForTrees(train.Schema, options.LabelColumnName, options.PositiveClass, numericCodeColumns: numericCodes);
        SynthesizerScoreTransformer? scorer = null;
        if (arm == "scores")
        {
            // the critic's score and TVAE's reconstruction error, from models fitted on the training positives, join the features
            var scores = ml.Transforms.SynthesizerScores(options.LabelColumnName, options.PositiveClass, options.Epochs, seed);
            pipeline = new ObservedEstimator<SynthesizerScoreTransformer>(scores, t => scorer = t)
                .Append(pipeline)
                .Append(ml.Transforms.Concatenate("Features", "Features", scores.CriticColumnName, scores.ReconstructionColumnName));
        }
        string? weight = null;
        if (arm == "weighted")
        {
            weight = "Weight";
            pipeline = pipeline.Append(ml.Transforms.Conversion.MapValue(weight, [new KeyValuePair<bool, float>(true, positiveWeight), new KeyValuePair<bool, float>(false, 1f)], "Label"));
        }
        else if (arm == "auto")
        {
            // auto writes the weights itself: 1, or negatives ÷ positives when class weights win its inner cross-validation
            weight = AutoWeightColumn;
        }

        pipeline = pipeline.Append(options.Classifier.Create(ml, seed, weight, options.Threads));
        bool round = options.RoundIntegers;
        Oversampler? oversampler = arm switch
        {
            "smote" => catalog.Smote(options.LabelColumnName, options.PositiveClass, options.Ratio, roundIntegers: round),
            "random" => catalog.RandomOversample(options.LabelColumnName, options.PositiveClass, options.Ratio),
            "ctgan" => catalog.CtGan(options.LabelColumnName, options.PositiveClass, options.Ratio, PrivateIfAsked(AugmentationCatalog.DefaultCtGanOptions(seed, options.Epochs, options.ColumnRules), options), roundIntegers: round),
            "auto" => catalog.Auto(options.LabelColumnName, options.PositiveClass, epochs: options.Epochs, exampleWeightColumnName: AutoWeightColumn),
            "tvae" => catalog.Tvae(options.LabelColumnName, options.PositiveClass, options.Ratio, PrivateIfAsked(AugmentationCatalog.DefaultTvaeOptions(seed, options.Epochs, options.ColumnRules), options), roundIntegers: round),
            _ => null,
        };

        var estimator = oversampler is null ? pipeline : pipeline.WithAugmentation(oversampler);
        var clock = Stopwatch.StartNew();
        var model = estimator.Fit(train);
        double total = clock.Elapsed.TotalSeconds;
        var run = model.GetAugmentation();
        if (run is not null)
        {
            Augmented?.Invoke(new ArmAugmentation(arm, seed, run, test));
        }

        var scored = model.Transform(test);
        var metrics = ml.BinaryClassification.EvaluateWithAveragePrecision(scored);
        if (metrics.Rows != test.GetRowCount())
        {
            throw new InvalidOperationException($"Scoring returned {metrics.Rows} rows for {test.GetRowCount()} test rows.");
        }

        double augment = run is null ? scorer?.FitSeconds ?? 0 : (run.FitTime + run.GenerateTime).TotalSeconds;
        Fitted?.Invoke(new ArmModel(arm, seed, model, train, test));
        (model as IDisposable)?.Dispose();
        if (run?.Choice is { } choice)
        {
            Chosen?.Invoke(seed, choice);
        }

        return new ArmResult(arm, seed, metrics, augment, total - augment, run?.RowsAdded ?? 0, run?.Choice);
    }

    /// <summary>The training rows with at most <see cref="ComparisonOptions.MaxTrainPositives"/> positives, drawn with the split's seed.</summary>
    private IDataView FewerPositives(IDataView train, long seed)
    {
        if (options.MaxTrainPositives is not int keep)
        {
            return train;
        }

        var layout = DataViewLayout.Of(train.Schema);
        var table = layout.Read(train, options.LabelColumnName);
        string positive = new OversamplingOptions { LabelColumn = options.LabelColumnName, PositiveClass = options.PositiveClass }.PositiveValue(table);
        return layout.Write(PositiveSubsampling.KeepPositives(table, positive, keep, seed));
    }

    /// <summary>Text columns (the label aside) whose every value is a number.</summary>
    private string[] NumericCodeColumns(IDataView data)
    {
        var text = data.Schema.Where(c => !c.IsHidden && c.Type is Microsoft.ML.Data.TextDataViewType && c.Name != options.LabelColumnName).Select(c => c.Name).ToArray();
        if (text.Length == 0)
        {
            return [];
        }

        var table = DataViewLayout.Of(data.Schema, text).Read(data);
        return [.. text.Where(name => ((Tabular.CategoricalColumn)table[name]).Categories.All(v => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))];
    }

    /// <summary>Rows and positives; a clear error when the label is absent, has one class or lacks the positive value.</summary>
    private (int Rows, int Positives) CheckLabel(IDataView data)
    {
        var label = DataViewLayout.Of(data.Schema, [options.LabelColumnName]).Read(data, options.LabelColumnName).LabelColumn!;
        var oversampling = new OversamplingOptions { LabelColumn = options.LabelColumnName, PositiveClass = options.PositiveClass };
        int positive = oversampling.PositiveCode(label);
        if (positive < 0)
        {
            throw new ArgumentException($"Label '{options.LabelColumnName}' has no value '{options.PositiveClass}'. Values: {string.Join(", ", label.Categories)}.");
        }

        int positives = label.Counts()[positive];
        if (positives == label.Length)
        {
            throw new ArgumentException($"Label '{options.LabelColumnName}' has one class ('{options.PositiveClass}' in all {label.Length} rows); a classifier needs both.");
        }

        return (label.Length, positives);
    }

    /// <summary>A copy of the ctgan arm's options with the comparison's privacy budget, if any (one row per pack, the standard loss).</summary>
    private static Synthesizers.CtGanOptions PrivateIfAsked(Synthesizers.CtGanOptions ctgan, ComparisonOptions options)
    {
        var copy = ctgan.Clone();
        if (options.Privacy is not null)
        {
            copy.Privacy = options.Privacy.Clone();
            copy.Pac = 1;
            copy.Loss = Synthesizers.GanLoss.Standard;
        }

        return copy;
    }

    /// <summary>A copy of the tvae arm's options with the comparison's privacy budget, if any.</summary>
    private static Synthesizers.TvaeOptions PrivateIfAsked(Synthesizers.TvaeOptions tvae, ComparisonOptions options)
    {
        var copy = tvae.Clone();
        copy.Privacy = options.Privacy?.Clone();
        return copy;
    }
}
