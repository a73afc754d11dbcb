using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace MLNet.Gan.Comparison;

/// <summary>
/// A classifier for the comparison: makes the trainer that follows the featurizing chain (features in
/// <c>Features</c>, a Boolean <c>Label</c>), for a seed, with an optional example-weight column.
/// </summary>
/// <param name="Name">fasttree, lightgbm, xgboost …</param>
/// <param name="Create">The trainer for (context, seed, weight column or null, threads).</param>
public sealed record ComparisonClassifier(string Name, Func<MLContext, long, string?, int, IEstimator<ITransformer>> Create)
{
    /// <summary>ML.NET's FastTree with its defaults (100 trees, 20 leaves, learning rate 0.2, at least 10 rows per leaf), seeded.</summary>
    public static ComparisonClassifier FastTree { get; } = new("fasttree", (ml, seed, weight, threads) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
    {
        Seed = unchecked((int)seed),
        NumberOfThreads = threads,
        ExampleWeightColumnName = weight,
    }));

    /// <summary>ML.NET's LightGbm with its defaults, seeded and deterministic.</summary>
    public static ComparisonClassifier LightGbm { get; } = new("lightgbm", (ml, seed, weight, threads) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
    {
        Seed = unchecked((int)seed),
        NumberOfThreads = threads,
        ExampleWeightColumnName = weight,
        Silent = true,
    }));
}

/// <summary>Settings of a comparison; defaults follow the reference protocol of docs/benchmarks.md.</summary>
public sealed class ComparisonOptions
{
    /// <summary>Every arm: none, weighted, smote, random, ctgan, tvae, auto, scores.</summary>
    public static readonly IReadOnlyList<string> KnownArms = ["none", "weighted", "smote", "random", "ctgan", "tvae", "auto", "scores"];

    /// <summary>The label column of the data (text, number, Boolean or key).</summary>
    public required string LabelColumnName { get; init; }

    /// <summary>The positive (minority) value of the label.</summary>
    public required string PositiveClass { get; init; }

    /// <summary>Arms. Default none, weighted, smote, ctgan, tvae.</summary>
    public IReadOnlyList<string> Arms { get; init; } = ["none", "weighted", "smote", "ctgan", "tvae"];

    /// <summary>One stratified split per seed (and the seed of every arm on it). Default 0, 1, 2.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [0, 1, 2];

    /// <summary>Epochs of the ctgan and tvae arms. Default 300.</summary>
    public int Epochs { get; init; } = 300;

    /// <summary>Positives ÷ negatives in the training rows after augmentation. Default 0.25.</summary>
    public double Ratio { get; init; } = 0.25;

    /// <summary>Share of rows held out for testing. Default 0.3.</summary>
    public double TestFraction { get; init; } = 0.3;

    /// <summary>The classifier every arm trains. Default <see cref="ComparisonClassifier.FastTree"/>.</summary>
    public ComparisonClassifier Classifier { get; init; } = ComparisonClassifier.FastTree;

    /// <summary>
    /// Text columns whose every value is a number (discrete codes such as taiwan_default's PAY_0)
    /// reach the classifier as numbers, as a numeric CSV column would (the reference protocol's
    /// classifier sees them so); otherwise they are one-hot. Default true.
    /// </summary>
    public bool NumericCodesAsNumbers { get; init; } = true;

    /// <summary>Round the oversamplers' synthetic values of integer columns (see <see cref="Augmentation.OversamplingOptions.RoundIntegers"/>). Default false.</summary>
    public bool RoundIntegers { get; init; }

    /// <summary>Fit the ctgan and tvae arms' encoders with the column rules, point masses and long tails (see <see cref="Augmentation.AugmentationCatalog.DefaultCtGanOptions"/>). Default false.</summary>
    public bool ColumnRules { get; init; }

    /// <summary>Train the ctgan and tvae arms with differential privacy at this budget (see <see cref="Synthesizers.TvaeOptions.Privacy"/>, <see cref="Synthesizers.CtGanOptions.Privacy"/>: ctgan then has one row per pack and the standard loss). Default null (not private).</summary>
    public DifferentialPrivacy.PrivacyOptions? Privacy { get; init; }

    /// <summary>
    /// Keep this many of each split's training positives (a seeded sample; every negative and every
    /// test row untouched): where augmentation should matter, when positives are few. Default null (all).
    /// </summary>
    public int? MaxTrainPositives { get; init; }

    /// <summary>Classifier threads. Default: all cores (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> for an unknown arm or a property outside its range,
    /// naming it, before any work: whether or not an arm ends up using the property.
    /// </summary>
    public void Validate()
    {
        foreach (var arm in Arms)
        {
            if (!KnownArms.Contains(arm))
            {
                throw OptionChecks.Refuse(nameof(Arms), $"'{arm}'", $"among {string.Join(", ", KnownArms)}");
            }
        }

        if (Arms.Count == 0 || Seeds.Count == 0)
        {
            throw new ArgumentException("A comparison needs at least one arm and one seed.", Arms.Count == 0 ? nameof(Arms) : nameof(Seeds));
        }

        OptionChecks.AtLeast(Epochs, 1, nameof(Epochs));
        OptionChecks.AtLeast(Threads, 1, nameof(Threads));
        OptionChecks.Positive(Ratio, nameof(Ratio));
        OptionChecks.InRange(TestFraction, 0, 1, nameof(TestFraction), lowOpen: true);
        if (MaxTrainPositives is int keep)
        {
            OptionChecks.AtLeast(keep, 2, nameof(MaxTrainPositives));
        }

        if (Privacy is not null)
        {
            Privacy.Validate();
            if (!Arms.Contains("tvae") && !Arms.Contains("ctgan"))
            {
                throw new ArgumentException("Privacy trains the ctgan and tvae arms privately: add one of them to the arms.", nameof(Privacy));
            }
        }
    }
}
