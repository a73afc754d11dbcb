using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>Settings of <see cref="SyntheticDataAudit"/>.</summary>
public sealed class SyntheticDataAuditOptions
{
    /// <summary>Label column for utility (train-on-synthetic vs train-on-real); null skips utility. Default: null.</summary>
    public string? Label { get; set; }

    /// <summary>The label's positive class; null means its least frequent value in the real data. Default: null.</summary>
    public string? PositiveClass { get; set; }

    /// <summary>The classifier for XGBoost detection and utility; null skips both. Default: null (the tool passes XGBoost).</summary>
    public BinaryClassifierTrainer? Classifier { get; set; }

    /// <summary>Seed of every sample, fold and random baseline. Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>Stratified folds of the detection metrics. Default: 3.</summary>
    public int DetectionFolds { get; set; } = 3;

    /// <summary>At most this many real and as many synthetic rows (seeded samples) go into detection. Default: 50,000.</summary>
    public int DetectionSampleRows { get; set; } = 50_000;

    /// <summary>At most this many synthetic rows (a seeded sample) are measured by the DCR metrics; the training rows are all searched. Default: 20,000.</summary>
    public int PrivacySampleRows { get; set; } = 20_000;
}

/// <summary>
/// The synthetic-data audit: fidelity (column shapes, pair trends, detection), privacy (distance to
/// closest record, new rows) and utility, in one pass over a real table, a synthetic one and, if
/// given, a real holdout the generator never saw.
/// </summary>
public static class SyntheticDataAudit
{
    /// <summary>Runs every metric; <paramref name="progress"/> hears the name of each step as it starts.</summary>
    public static AuditResult Run(Table real, Table synthetic, Table? holdout, SyntheticDataAuditOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new SyntheticDataAuditOptions();
        real = options.Label is null ? TableMatching.Unlabelled(real) : real.WithLabel(options.Label);
        synthetic = TableMatching.Align(real, synthetic, TableMatching.SyntheticData);
        holdout = holdout is null ? null : TableMatching.Align(real, holdout, TableMatching.HoldoutData);

        progress?.Report("column shapes and pair trends");
        var ks = Fidelity.KsComplement(real, synthetic);
        var tv = Fidelity.TvComplement(real, synthetic);
        var correlation = Fidelity.CorrelationSimilarity(real, synthetic);
        var contingency = Fidelity.ContingencySimilarity(real, synthetic);

        progress?.Report("detection (logistic regression)");
        double logistic = Detection.LogisticAuc(real, synthetic, options.DetectionFolds, options.Seed, options.DetectionSampleRows);
        double? boosted = null;
        if (options.Classifier is { } classifier)
        {
            progress?.Report("detection (gradient-boosted trees)");
            boosted = Detection.ClassifierAuc(real, synthetic, classifier, options.DetectionFolds, options.Seed, options.DetectionSampleRows);
        }

        progress?.Report("privacy (distance to closest record, new rows)");
        double baseline = Privacy.DcrBaselineProtection(real, synthetic, options.Seed, options.PrivacySampleRows);
        double? overfitting = holdout is null ? null : Privacy.DcrOverfittingProtection(real, synthetic, holdout, options.Seed, options.PrivacySampleRows);
        double? membership = holdout is null ? null : Privacy.MembershipInferenceAuc(real, synthetic, holdout, options.Seed, options.PrivacySampleRows);
        double? densityMembership = holdout is null ? null : Privacy.MembershipInferenceDensityAuc(real, synthetic, holdout, options.Seed, options.PrivacySampleRows);
        double newRows = Privacy.NewRowSynthesis(real, synthetic);

        double? tstr = null, trtr = null;
        string? positive = null, utilitySkipped = null;
        if (options.Label is not null && options.Classifier is { } trainer)
        {
            var label = real.LabelColumn!;
            positive = options.PositiveClass ?? label.LeastFrequent();
            if (label.CodeOf(positive) < 0)
            {
                throw new DataFormatException($"the label has no value '{positive}'. Values: {string.Join(", ", label.Categories)}.", column: options.Label);
            }

            if (holdout is null)
            {
                utilitySkipped = Utility.WithoutHoldout;
            }
            else
            {
                progress?.Report("utility (train on synthetic / on real, test on the holdout)");
                (tstr, trtr) = Utility.AucPr(real, synthetic.WithLabel(null), holdout, positive, trainer);
            }
        }

        var columns = new SortedDictionary<string, ColumnScore>(StringComparer.Ordinal);
        foreach (var (name, score) in ks.PerItem)
        {
            columns[name] = new ColumnScore("numeric", "ks_complement", score);
        }

        foreach (var (name, score) in tv.PerItem)
        {
            columns[name] = new ColumnScore("categorical", "tv_complement", score);
        }

        var pairs = new SortedDictionary<string, PairScore>(StringComparer.Ordinal);
        foreach (var (name, score) in correlation.PerItem)
        {
            pairs[name] = new PairScore("correlation_similarity", score);
        }

        foreach (var (name, score) in contingency.PerItem)
        {
            pairs[name] = new PairScore("contingency_similarity", score);
        }

        return new AuditResult
        {
            RealRows = real.RowCount,
            SyntheticRows = synthetic.RowCount,
            HoldoutRows = holdout?.RowCount,
            Label = options.Label,
            PositiveClass = positive,
            KsComplement = ks.Mean,
            TvComplement = tv.Mean,
            CorrelationSimilarity = correlation.Mean,
            ContingencySimilarity = contingency.Mean,
            DetectionAucLogistic = logistic,
            DetectionAucClassifier = boosted,
            DcrBaselineProtection = baseline,
            DcrOverfittingProtection = overfitting,
            MembershipInferenceAuc = membership,
            MembershipInferenceDensityAuc = densityMembership,
            NewRowSynthesis = newRows,
            TstrAucPr = tstr,
            TrtrAucPr = trtr,
            UtilitySkipped = utilitySkipped,
            Columns = columns,
            Pairs = pairs,
        };
    }
}
