using System.Diagnostics;
using MLNet.Gan.Logging;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Augmentation;

/// <summary>What every minority oversampler needs: which rows are the minority and how many to add.</summary>
public sealed class OversamplingOptions
{
    /// <summary>The label column.</summary>
    public required string LabelColumn { get; init; }

    /// <summary>The minority (positive) value of the label ("True" for a Boolean label; case is ignored there).</summary>
    public required string PositiveClass { get; init; }

    /// <summary>Positives ÷ negatives in the training rows after augmentation. Default 0.25 (the reference protocol).</summary>
    public double TargetRatio { get; init; } = 0.25;

    /// <summary>Seed of the oversampler's draws. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Round synthetic values of integer columns. Default false: rounding put synthetic positives
    /// exactly on the integer values real rows have and cost XGBoost 0.01–0.05 AUC-PR on
    /// give_me_some_credit (SMOTE, CTGAN and TVAE alike; docs/benchmarks.md). imbalanced-learn's
    /// SMOTE does not round either.
    /// </summary>
    public bool RoundIntegers { get; init; }

    /// <summary>Synthetic positive rows needed to reach <see cref="TargetRatio"/> in <paramref name="table"/> (0 if already there).</summary>
    public int RowsToAdd(Table table)
    {
        var label = Label(table);
        int positive = PositiveCode(label);
        int positives = positive < 0 ? 0 : label.Counts()[positive];
        int negatives = label.Length - positives;
        return Math.Max(0, (int)Math.Round(TargetRatio * negatives) - positives);
    }

    /// <summary>The minority rows of <paramref name="table"/>; a clear error when there are none or when the label has one class.</summary>
    public Table Minority(Table table) => table.WithLabel(LabelColumn).WhereLabel(PositiveValue(table));

    /// <summary>The positive class as <paramref name="table"/>'s label writes it; a clear error when the label lacks it or has one class.</summary>
    public string PositiveValue(Table table)
    {
        var label = Label(table);
        int positive = PositiveCode(label);
        if (positive < 0)
        {
            throw new ArgumentException($"Label '{LabelColumn}' has no value '{PositiveClass}'. Values: {string.Join(", ", label.Categories)}.");
        }

        if (label.Counts()[positive] == label.Length)
        {
            throw new ArgumentException($"Label '{LabelColumn}' has one class ('{PositiveClass}' in every row); augmentation needs negatives too.");
        }

        return label.Categories[positive];
    }

    /// <summary>Throws for an invalid ratio.</summary>
    public void Validate()
    {
        if (!(TargetRatio > 0) || double.IsInfinity(TargetRatio))
        {
            throw new ArgumentException($"The target ratio must be a positive number (got {TargetRatio}).");
        }
    }

    /// <summary>The code of the positive class; for a Boolean label "true"/"True" both match.</summary>
    internal int PositiveCode(CategoricalColumn label)
    {
        int code = label.CodeOf(PositiveClass);
        return code >= 0 || !bool.TryParse(PositiveClass, out bool b) ? code : label.CodeOf(b ? bool.TrueString : bool.FalseString);
    }

    private CategoricalColumn Label(Table table)
        => table.Contains(LabelColumn) && table[LabelColumn] is CategoricalColumn c ? c
            : throw new ArgumentException($"The data has no label column '{LabelColumn}'. Columns: {string.Join(", ", table.Columns.Select(x => x.Name))}.");
}

/// <summary>
/// One augmentation: the oversampler fitted on <see cref="Training"/>'s minority rows and the
/// synthetic positives it generated to reach the target ratio.
/// </summary>
/// <param name="Method">ctgan, tvae, smote or random.</param>
/// <param name="Training">The real training rows it was fitted on.</param>
/// <param name="SyntheticRows">The rows added: the training rows' columns, label = the positive class.</param>
/// <param name="Synthesizer">The trained CTGAN or TVAE; null for SMOTE and random duplication.</param>
/// <param name="FitTime">Time spent fitting.</param>
/// <param name="GenerateTime">Time spent generating.</param>
public sealed record OversamplingRun(string Method, Table Training, Table SyntheticRows, ISynthesizerModel? Synthesizer, TimeSpan FitTime, TimeSpan GenerateTime)
{
    /// <summary>For the auto oversampler: what its inner cross-validation chose, and every candidate's scores.</summary>
    public AugmentationChoice? Choice { get; init; }

    /// <summary>Rows added.</summary>
    public int RowsAdded => SyntheticRows.RowCount;

    /// <summary>The training rows followed by the synthetic ones.</summary>
    public Table Augmented => RowsAdded == 0 ? Training : Training.Append(SyntheticRows);

    /// <summary>The example weight of a positive row (1, or negatives ÷ positives when auto chose class weights).</summary>
    public double PositiveWeight { get; init; } = 1;
}

/// <summary>
/// A minority oversampler (CTGAN, TVAE, SMOTE-NC or random duplication), made by
/// <see cref="AugmentationCatalog"/>. <see cref="Run"/> fits it on the minority rows of a training
/// table and generates positives until positives ÷ negatives reaches the target ratio. In an ML.NET
/// pipeline it goes into <c>WithAugmentation</c>, which runs it on the training rows only.
/// </summary>
public sealed class Oversampler
{
    private readonly Func<Table, FittedOversampler> _fit;

    internal Oversampler(string name, OversamplingOptions options, Func<Table, FittedOversampler> fit)
    {
        options.Validate();
        Name = name;
        Options = options;
        _fit = fit;
    }

    /// <summary>
    /// The auto oversampler: chooses among these (and adding nothing) by inner cross-validation. It is declared
    /// here with the other oversamplers and run by Pipeline's AugmentationSelection, because choosing needs the
    /// estimator it feeds, which only an ML.NET pipeline has; fitting it on a table alone is refused.
    /// </summary>
    internal Oversampler(OversamplingOptions options, IReadOnlyList<Oversampler> candidates, IReadOnlyList<double> ratios, int folds, string? weightColumn)
        : this("auto", options, _ => throw new InvalidOperationException("The auto oversampler chooses with the estimator it feeds: use it through WithAugmentation."))
    {
        Candidates = candidates;
        Ratios = ratios;
        InnerFolds = folds;
        WeightColumn = weightColumn;
    }

    /// <summary>The method: ctgan, tvae, smote, random or auto.</summary>
    public string Name { get; }

    /// <summary>For auto: the oversamplers it chooses among (null for the others).</summary>
    public IReadOnlyList<Oversampler>? Candidates { get; }

    /// <summary>For auto: the target ratios it tries for every candidate (adding nothing is always a candidate).</summary>
    public IReadOnlyList<double> Ratios { get; } = [];

    /// <summary>For auto: folds of the inner stratified cross-validation.</summary>
    public int InnerFolds { get; }

    /// <summary>
    /// For auto: the example-weight column it writes into every view the estimator is fitted on (1 for
    /// every row, or negatives ÷ positives for the positives when class weights are the choice); null
    /// when class weights are not a candidate.
    /// </summary>
    public string? WeightColumn { get; }

    /// <summary>The options.</summary>
    public OversamplingOptions Options { get; }

    /// <summary>Where its fits (and, for auto, its choice) are logged.</summary>
    internal ContextLog Log { get; init; } = ContextLog.None;

    /// <summary>Fits on <paramref name="training"/>'s minority rows and generates the rows that reach the target ratio (none when it is reached already).</summary>
    public OversamplingRun Run(Table training)
    {
        Options.PositiveValue(training);
        int needed = Options.RowsToAdd(training);
        if (needed == 0)
        {
            return new OversamplingRun(Name, training, training.Select([]), null, TimeSpan.Zero, TimeSpan.Zero);
        }

        var clock = Stopwatch.StartNew();
        var fitted = Fit(training);
        var fitTime = clock.Elapsed;
        return new OversamplingRun(Name, training, fitted.Generate(needed), fitted.Synthesizer, fitTime, clock.Elapsed - fitTime);
    }

    /// <summary>Fits on <paramref name="training"/>'s minority rows; the result generates any number of positives with the training table's columns.</summary>
    internal FittedOversampler Fit(Table training)
    {
        string positive = Options.PositiveValue(training);
        var fitted = _fit(training);
        return fitted with { Generate = rows => Conform(fitted.Generate(rows), training, positive) };
    }

    /// <summary>Synthetic rows with the training table's columns in its order and the positive label.</summary>
    private Table Conform(Table synthetic, Table training, string positive)
    {
        var columns = new List<Column>();
        foreach (var column in training.Columns)
        {
            columns.Add(column.Name == Options.LabelColumn
                ? new CategoricalColumn(column.Name, new int[synthetic.RowCount], [positive])
                : synthetic[column.Name]);
        }

        return new Table(columns, training.Label);
    }
}

/// <summary>One candidate of the auto oversampler: a method at a target ratio (none at 0), with its inner cross-validation scores.</summary>
/// <param name="Method">none, weighted, smote, ctgan, tvae …</param>
/// <param name="Ratio">Positives ÷ negatives after augmentation; 0 for none and weighted (no rows added).</param>
/// <param name="FoldScores">Average precision on each inner fold's held-out rows.</param>
public sealed record CandidateScore(string Method, double Ratio, IReadOnlyList<double> FoldScores)
{
    /// <summary>The mean over the inner folds.</summary>
    public double Mean => FoldScores.Average();
}

/// <summary>What the auto oversampler chose by the one-standard-error rule: adding nothing or class weights unless adding rows beats them by more than one standard error.</summary>
/// <param name="Method">The chosen method ("none": nothing added; "weighted": nothing added, positives weigh negatives ÷ positives).</param>
/// <param name="Ratio">The chosen target ratio (0 for none and weighted).</param>
/// <param name="Scores">Every candidate's scores, none first.</param>
public sealed record AugmentationChoice(string Method, double Ratio, IReadOnlyList<CandidateScore> Scores)
{
    /// <summary>One line: the choice and every candidate's mean inner average precision.</summary>
    public override string ToString()
        => $"chose {Method}{(Ratio == 0 ? "" : $" at {Ratio:0.##}")} (inner AP: {string.Join(", ", Scores.Select(c => $"{c.Method}{(c.Ratio == 0 ? "" : $"@{c.Ratio:0.##}")} {c.Mean:F4}"))})";
}

/// <summary>What fitting an oversampler yields: a row generator, and the trained synthesizer when there is one.</summary>
internal sealed record FittedOversampler(Func<int, Table> Generate, ISynthesizerModel? Synthesizer = null);
