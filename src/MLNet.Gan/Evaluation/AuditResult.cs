using System.Text.Json.Nodes;

namespace MLNet.Gan.Evaluation;

/// <summary>The score of one column: its kind, the metric that applies to it and the score (1 is best).</summary>
public sealed record ColumnScore(string Kind, string Metric, double Score);

/// <summary>The score of one pair of columns: the metric that applies to it and the score (1 is best).</summary>
public sealed record PairScore(string Metric, double Score);

/// <summary>What <see cref="SyntheticDataAudit"/> measured. Nullable scores were not computed (no holdout, label or classifier).</summary>
public sealed record AuditResult
{
    /// <summary>The headline metrics in report order: JSON key, a readable name, and what the number means.</summary>
    public static IReadOnlyList<(string Key, string Name, string Explanation)> Metrics { get; } =
    [
        ("ks_complement", "KS complement", "1 − the largest gap between the real and synthetic CDFs, averaged over numeric columns (1 = same distributions)."),
        ("tv_complement", "TV complement", "1 − the total variation distance between category frequencies, averaged over categorical columns (1 = same frequencies)."),
        ("correlation_similarity", "Correlation similarity", "1 − |ρ_real − ρ_synthetic| / 2 for Pearson correlations, averaged over numeric pairs (1 = same correlations)."),
        ("contingency_similarity", "Contingency similarity", "1 − total variation between joint frequency tables of the other pairs, numbers in 10 bins (1 = same joint shape)."),
        ("detection_auc_logistic", "Detection AUC, logistic", "ROC-AUC of logistic regression telling real from synthetic rows, 3-fold (0.5 = indistinguishable, 1 = always caught)."),
        ("detection_auc_xgboost", "Detection AUC, XGBoost", "ROC-AUC of gradient-boosted trees telling real from synthetic rows, 3-fold (0.5 = indistinguishable, 1 = always caught)."),
        ("dcr_baseline_protection", "DCR baseline protection", "Median distance from synthetic rows to their closest real row, relative to random rows' (1 = no closer than random, 0 = copies)."),
        ("dcr_overfitting_protection", "DCR overfitting protection", "2 × (1 − share of synthetic rows closer to training rows than to holdout rows), capped at 1 (1 = no sign of memorising)."),
        ("membership_inference_auc", "Membership inference AUC", "ROC-AUC of an attacker guessing, from a real record's distance to the nearest synthetic row, whether it was a training row or a holdout row (0.5 = no signal, 1 = members given away)."),
        ("membership_inference_density_auc", "Membership inference AUC, density ratio", "ROC-AUC of a stronger attacker who also holds real non-members (half the holdout): a record is flagged when synthetic rows lie nearer to it than the population's rows do, log(d_population / d_synthetic), which a memorising generator gives away even in sparse regions (0.5 = no signal)."),
        ("new_row_synthesis", "New-row synthesis", "Share of synthetic rows that match no real row (numbers within 1 %) (1 = no copied records)."),
        ("tstr_auc_pr", "Train synthetic, test real (AUC-PR)", "AUC-PR on the real holdout rows of the classifier trained on the synthetic rows (compare with the next line; needs a holdout the generator never saw)."),
        ("trtr_auc_pr", "Train real, test real (AUC-PR)", "AUC-PR on the same real holdout rows of the classifier trained on the real rows."),
    ];

    /// <summary>Rows of the real table.</summary>
    public required int RealRows { get; init; }

    /// <summary>Rows of the synthetic table.</summary>
    public required int SyntheticRows { get; init; }

    /// <summary>Rows of the holdout, when one was given.</summary>
    public int? HoldoutRows { get; init; }

    /// <summary>The label column used for utility, if any.</summary>
    public string? Label { get; init; }

    /// <summary>The positive class used for utility, if any.</summary>
    public string? PositiveClass { get; init; }

    /// <summary>Mean KS complement over numeric columns.</summary>
    public required double KsComplement { get; init; }

    /// <summary>Mean TV complement over categorical columns.</summary>
    public required double TvComplement { get; init; }

    /// <summary>Mean correlation similarity over numeric pairs.</summary>
    public required double CorrelationSimilarity { get; init; }

    /// <summary>Mean contingency similarity over the other pairs.</summary>
    public required double ContingencySimilarity { get; init; }

    /// <summary>Detection ROC-AUC of logistic regression.</summary>
    public required double DetectionAucLogistic { get; init; }

    /// <summary>
    /// Detection ROC-AUC of the audit's classifier (<see cref="SyntheticDataAuditOptions.Classifier"/>: gradient-boosted
    /// trees, XGBoost in the tool); null without one. Its JSON key stays <c>detection_auc_xgboost</c>, what the tool runs.
    /// </summary>
    public double? DetectionAucClassifier { get; init; }

    /// <summary>DCR baseline protection.</summary>
    public required double DcrBaselineProtection { get; init; }

    /// <summary>DCR overfitting protection (null without a holdout).</summary>
    public double? DcrOverfittingProtection { get; init; }

    /// <summary>Membership inference AUC of the distance attack (null without a holdout).</summary>
    public double? MembershipInferenceAuc { get; init; }

    /// <summary>Membership inference AUC of the density-ratio attack (null without a holdout).</summary>
    public double? MembershipInferenceDensityAuc { get; init; }

    /// <summary>New-row synthesis.</summary>
    public required double NewRowSynthesis { get; init; }

    /// <summary>Train-on-synthetic-test-on-real AUC-PR on the holdout (null without a label, a classifier or a holdout).</summary>
    public double? TstrAucPr { get; init; }

    /// <summary>Train-on-real-test-on-real AUC-PR on the holdout (null without a label, a classifier or a holdout).</summary>
    public double? TrtrAucPr { get; init; }

    /// <summary>Why utility was not measured although a label was given (no holdout: <see cref="Utility.WithoutHoldout"/>); null otherwise.</summary>
    public string? UtilitySkipped { get; init; }

    /// <summary>Per-column scores, by column name.</summary>
    public required IReadOnlyDictionary<string, ColumnScore> Columns { get; init; }

    /// <summary>Per-pair scores, keyed "a ~ b".</summary>
    public required IReadOnlyDictionary<string, PairScore> Pairs { get; init; }

    /// <summary>The value of a headline metric by its JSON key (null when not computed or undefined).</summary>
    public double? this[string key] => key switch
    {
        "ks_complement" => Defined(KsComplement),
        "tv_complement" => Defined(TvComplement),
        "correlation_similarity" => Defined(CorrelationSimilarity),
        "contingency_similarity" => Defined(ContingencySimilarity),
        "detection_auc_logistic" => Defined(DetectionAucLogistic),
        "detection_auc_xgboost" => Defined(DetectionAucClassifier),
        "dcr_baseline_protection" => Defined(DcrBaselineProtection),
        "dcr_overfitting_protection" => Defined(DcrOverfittingProtection),
        "membership_inference_auc" => Defined(MembershipInferenceAuc),
        "membership_inference_density_auc" => Defined(MembershipInferenceDensityAuc),
        "new_row_synthesis" => Defined(NewRowSynthesis),
        "tstr_auc_pr" => Defined(TstrAucPr),
        "trtr_auc_pr" => Defined(TrtrAucPr),
        _ => throw new ArgumentException($"Unknown metric '{key}'.", nameof(key)),
    };

    /// <summary>The result as JSON: every headline key (null where not computed), then <c>columns</c> and <c>pairs</c>.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (key, _, _) in Metrics)
        {
            json[key] = this[key];
        }

        json["real_rows"] = RealRows;
        json["synthetic_rows"] = SyntheticRows;
        json["holdout_rows"] = HoldoutRows;
        json["label"] = Label;
        json["positive_class"] = PositiveClass;
        json["utility_skipped"] = UtilitySkipped;
        var columns = new JsonObject();
        foreach (var (name, score) in Columns)
        {
            columns[name] = new JsonObject { ["kind"] = score.Kind, ["metric"] = score.Metric, ["score"] = Defined(score.Score) };
        }

        var pairs = new JsonObject();
        foreach (var (name, score) in Pairs)
        {
            pairs[name] = new JsonObject { ["metric"] = score.Metric, ["score"] = Defined(score.Score) };
        }

        json["columns"] = columns;
        json["pairs"] = pairs;
        return json;
    }

    private static double? Defined(double? value) => value is double v && double.IsFinite(v) ? v : null;
}
