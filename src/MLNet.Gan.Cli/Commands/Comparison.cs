using System.Diagnostics;
using MLNet.Gan.Augmentation;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;
using MLNet.Gan.XGBoost;

namespace MLNet.Gan.Cli.Commands;

/// <summary>What one arm scored on one seed.</summary>
public sealed record ArmRun(string Arm, long Seed, BinaryClassificationMetrics Metrics, double AugmentSeconds, double ClassifierSeconds, int SyntheticRows);

/// <summary>An augmented arm right after fitting: its split and the oversampler (with the rows it added).</summary>
public sealed record AugmentedArm(string Arm, long Seed, Table Train, Table Test, AugmentationTransformer Augmentation);

/// <summary>Settings of a comparison (the reference protocol of ../shared/docs/anchors.md by default).</summary>
public sealed class ComparisonSettings
{
    /// <summary>The label column.</summary>
    public required string Label { get; init; }

    /// <summary>The positive (minority) class.</summary>
    public required string Positive { get; init; }

    /// <summary>Arms: none, weighted, smote, ctgan, tvae, random.</summary>
    public IReadOnlyList<string> Arms { get; init; } = ["none", "weighted", "smote", "ctgan", "tvae"];

    /// <summary>One stratified split per seed.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [0, 1, 2];

    /// <summary>Epochs of the GAN and TVAE arms.</summary>
    public int Epochs { get; init; } = 300;

    /// <summary>Positives ÷ negatives in the training rows after augmentation.</summary>
    public double Ratio { get; init; } = 0.25;

    /// <summary>Share of rows held out for testing.</summary>
    public double TestFraction { get; init; } = 0.3;

    /// <summary>Classifier threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Runs each arm on the same training rows (augmented or weighted as the arm says) and scores it on the
/// same untouched test rows: augmentation is a Training-scoped step of the chain, so scoring never
/// sees a synthetic row.
/// </summary>
public sealed class Comparison(ComparisonSettings settings, Action<string>? progress = null, Action<AugmentedArm>? augmented = null)
{
    /// <summary>Valid arm names.</summary>
    public static readonly string[] KnownArms = ["none", "weighted", "smote", "random", "ctgan", "tvae"];

    /// <summary>Runs every seed and arm on splits of <paramref name="data"/>.</summary>
    public IReadOnlyList<ArmRun> Run(Table data)
    {
        var runs = new List<ArmRun>();
        foreach (long seed in settings.Seeds)
        {
            var (train, test) = data.StratifiedSplit(settings.TestFraction, seed);
            runs.AddRange(RunSplit(train, test, seed));
        }

        return runs;
    }

    /// <summary>Runs every arm on one given split (per seed, for the generators' and classifier's seeds).</summary>
    public IEnumerable<ArmRun> RunSplit(Table train, Table test, long seed)
    {
        foreach (var arm in settings.Arms)
        {
            progress?.Invoke($"seed {seed}: {arm}");
            yield return RunArm(arm, train, test, seed);
        }
    }

    private ArmRun RunArm(string arm, Table train, Table test, long seed)
    {
        var ctx = new GanContext(seed);
        var trees = new GradientBoostedTreesOptions { Seed = seed, Threads = settings.Threads };
        if (arm == "weighted")
        {
            int positives = train.RowsWithLabel(settings.Positive).Length;
            trees.ScalePositiveWeight = (train.RowCount - positives) / (double)positives;
        }

        var classifier = ctx.Classifiers.GradientBoostedTrees(settings.Label, settings.Positive, trees);
        OversamplingEstimator? augment = arm switch
        {
            "smote" => ctx.Augment.Smote(settings.Label, settings.Positive, settings.Ratio),
            "random" => ctx.Augment.RandomOversample(settings.Label, settings.Positive, settings.Ratio),
            "ctgan" => ctx.Augment.Gan(settings.Label, settings.Positive, settings.Ratio, new CtGanOptions { Epochs = settings.Epochs, Seed = seed }),
            "tvae" => ctx.Augment.Tvae(settings.Label, settings.Positive, settings.Ratio, new TvaeOptions { Epochs = settings.Epochs, Seed = seed }),
            "none" or "weighted" => null,
            _ => throw new ArgumentException($"Unknown arm '{arm}'. Arms: {string.Join(", ", KnownArms)}."),
        };

        var clock = Stopwatch.StartNew();
        TransformerChain<BinaryPredictionTransformer> model = augment is null
            ? classifier.WithScope(TransformerScope.Everything).Fit(train)
            : augment.WithScope(TransformerScope.Training).Append(classifier).Fit(train);
        double total = clock.Elapsed.TotalSeconds;

        var scored = model.Transform(test);
        if (scored.RowCount != test.RowCount)
        {
            throw new InvalidOperationException($"Scoring returned {scored.RowCount} rows for {test.RowCount} test rows.");
        }

        var metrics = BinaryMetrics.Evaluate(scored, settings.Label, settings.Positive);
        var augmentation = model.Steps[0].Transformer as AugmentationTransformer;
        if (augmentation is not null)
        {
            augmented?.Invoke(new AugmentedArm(arm, seed, train, test, augmentation));
        }

        double augmentSeconds = augmentation is null ? 0 : (augmentation.FitTime + augmentation.LastGenerateTime).TotalSeconds;
        model.LastTransformer.Dispose();
        return new ArmRun(arm, seed, metrics, augmentSeconds, total - augmentSeconds, augmentation?.LastRowsAdded ?? 0);
    }

    /// <summary>
    /// Keeps every negative row and a seeded sample of positives so that positives ÷ rows ≈ <paramref name="rate"/>
    /// (the anchors' "positives cut to 5 % before splitting").
    /// </summary>
    public static Table SubsamplePositives(Table data, string positive, double rate, long seed)
    {
        if (rate is <= 0 or >= 1)
        {
            throw new ArgumentException($"--positive-rate must be in (0, 1) (got {rate}).");
        }

        var positives = data.RowsWithLabel(positive);
        int negatives = data.RowCount - positives.Length;
        int keep = (int)Math.Round(rate * negatives / (1 - rate));
        if (keep >= positives.Length)
        {
            return data;
        }

        var rng = Compute.RandomStream.Create(seed, streamId: 0x9051);
        rng.Shuffle(positives.AsSpan());
        var kept = positives[..keep].ToHashSet();
        var label = data.LabelColumn!;
        int code = label.CodeOf(positive);
        return data.Select([.. Enumerable.Range(0, data.RowCount).Where(r => label.Codes[r] != code || kept.Contains(r))]);
    }
}
