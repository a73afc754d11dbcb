using MLNet.Gan.Pipeline;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Augmentation;

/// <summary>What every minority oversampler needs: which rows are the minority and how many to add.</summary>
public sealed class OversamplingOptions
{
    /// <summary>The label column.</summary>
    public required string LabelColumn { get; init; }

    /// <summary>The minority (positive) value of the label.</summary>
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
        int positive = label.CodeOf(PositiveClass);
        int positives = positive < 0 ? 0 : label.Codes.Count(c => c == positive);
        int negatives = label.Length - positives;
        return Math.Max(0, (int)Math.Round(TargetRatio * negatives) - positives);
    }

    /// <summary>The minority rows of <paramref name="table"/>; a clear error when there are none.</summary>
    public Table Minority(Table table)
    {
        var label = Label(table);
        if (label.CodeOf(PositiveClass) < 0)
        {
            throw new ArgumentException($"Label '{LabelColumn}' has no value '{PositiveClass}'. Values: {string.Join(", ", label.Categories)}.");
        }

        return table.WithLabel(LabelColumn).WhereLabel(PositiveClass);
    }

    /// <summary>Throws for an invalid ratio.</summary>
    public void Validate()
    {
        if (!(TargetRatio > 0) || double.IsInfinity(TargetRatio))
        {
            throw new ArgumentException($"The target ratio must be a positive number (got {TargetRatio}).");
        }
    }

    private CategoricalColumn Label(Table table)
        => table.Contains(LabelColumn) && table[LabelColumn] is CategoricalColumn c ? c
            : throw new ArgumentException($"The table has no categorical label column '{LabelColumn}'.");
}

/// <summary>
/// A fitted oversampler: appends synthetic minority rows to the table it transforms, never changing
/// or removing a row. Append it with <see cref="TransformerScope.Training"/>: it must never touch
/// scoring or test data.
/// </summary>
public sealed class AugmentationTransformer : ITransformer
{
    private readonly Func<int, Table> _generate;

    internal AugmentationTransformer(OversamplingOptions options, FittedOversampler fitted, TimeSpan fitTime)
    {
        Options = options;
        _generate = fitted.Generate;
        Synthesizer = fitted.Synthesizer;
        FitTime = fitTime;
    }

    /// <summary>The trained generator (CTGAN or TVAE) behind this oversampler; null for SMOTE and random duplication.</summary>
    public ISynthesizerModel? Synthesizer { get; }

    /// <summary>The synthetic rows the last <see cref="Transform"/> appended (with the input's columns and the positive label); null before any.</summary>
    public Table? LastSyntheticRows { get; private set; }

    /// <summary>The options.</summary>
    public OversamplingOptions Options { get; }

    /// <summary>Time spent fitting the oversampler.</summary>
    public TimeSpan FitTime { get; }

    /// <summary>Synthetic rows added by the last <see cref="Transform"/>.</summary>
    public int LastRowsAdded => LastSyntheticRows?.RowCount ?? 0;

    /// <summary>Time spent generating in the last <see cref="Transform"/>.</summary>
    public TimeSpan LastGenerateTime { get; private set; }

    /// <inheritdoc />
    public Table Transform(Table input)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int needed = Options.RowsToAdd(input);
        LastGenerateTime = TimeSpan.Zero;
        LastSyntheticRows = null;
        if (needed == 0)
        {
            return input;
        }

        LastSyntheticRows = Conform(_generate(needed), input);
        var result = input.Append(LastSyntheticRows);
        LastGenerateTime = clock.Elapsed;
        return result;
    }

    /// <summary>Synthetic rows with the input's columns in its order and the positive label.</summary>
    private Table Conform(Table synthetic, Table input)
    {
        var columns = new List<Column>();
        foreach (var column in input.Columns)
        {
            columns.Add(column.Name == Options.LabelColumn
                ? CategoricalColumn.FromValues(column.Name, Enumerable.Repeat(Options.PositiveClass, synthetic.RowCount).ToArray())
                : synthetic[column.Name]);
        }

        return new Table(columns, input.Label);
    }
}

/// <summary>An oversampling estimator: fits on the minority rows of its input, then appends synthetic ones.</summary>
public sealed class OversamplingEstimator : IEstimator<AugmentationTransformer>
{
    private readonly Func<Table, FittedOversampler> _fit;

    internal OversamplingEstimator(string name, OversamplingOptions options, Func<Table, FittedOversampler> fit)
    {
        options.Validate();
        Name = name;
        Options = options;
        _fit = fit;
    }

    /// <summary>The method (ctgan, tvae, smote, random).</summary>
    public string Name { get; }

    /// <summary>The options.</summary>
    public OversamplingOptions Options { get; }

    /// <inheritdoc />
    public AugmentationTransformer Fit(Table input)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var fitted = _fit(input);
        return new AugmentationTransformer(Options, fitted, clock.Elapsed);
    }
}

/// <summary>What fitting an oversampler yields: a row generator, and the trained synthesizer when there is one.</summary>
internal sealed record FittedOversampler(Func<int, Table> Generate, ISynthesizerModel? Synthesizer = null);
