using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MLNet.Gan.Comparison;

/// <summary>Every arm's result on every seed, with summaries as a markdown table and as JSON.</summary>
public sealed class ComparisonResult(ComparisonOptions options, int rows, int positives, IReadOnlyList<ArmResult> runs)
{
    /// <summary>The settings it ran with.</summary>
    public ComparisonOptions Options { get; } = options;

    /// <summary>Rows of the data (of the training file when a split was given).</summary>
    public int Rows { get; } = rows;

    /// <summary>Positive rows among them.</summary>
    public int Positives { get; } = positives;

    /// <summary>One result per seed and arm.</summary>
    public IReadOnlyList<ArmResult> Runs { get; } = runs;

    /// <summary>Mean and sample standard deviation (0 for one value).</summary>
    public static (double Mean, double Std) MeanStd(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        double mean = values.Average();
        double std = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return (mean, std);
    }

    /// <summary>The table the CLI prints and the README shows: mean ± standard deviation over seeds per arm.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Classifier: {Options.Classifier.Name}. AP = average precision as scikit-learn computes it; ML.NET AUPRC = ML.NET's AreaUnderPrecisionRecallCurve; ROC-AUC and F1 (at probability 0.5) from ML.NET's evaluator.");
        text.AppendLine();
        text.AppendLine("| arm | AP | AP − none (paired ± s.e.) | ML.NET AUPRC | ROC-AUC | F1 | best F1 | recall@P≥0.9 | augment s | classifier s | synthetic rows |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var arm in Options.Arms)
        {
            var r = Runs.Where(x => x.Arm == arm).ToList();
            string paired = PairedDifference(arm) is var (diff, se) && arm != "none" ? string.Create(CultureInfo.InvariantCulture, $"{diff:+0.0000;-0.0000} ± {se:0.0000}") : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {arm} | {Stat(r, x => x.Metrics.AveragePrecision, 4)} | {paired} | {Stat(r, x => x.Metrics.MlNetAuprc, 4)} | {Stat(r, x => x.Metrics.RocAuc, 4)} | " +
                $"{Stat(r, x => x.Metrics.F1, 4)} | {Stat(r, x => x.Metrics.BestF1, 4)} | {Stat(r, x => x.Metrics.RecallAtPrecision90, 4)} | " +
                $"{Stat(r, x => x.AugmentSeconds, 1)} | {Stat(r, x => x.ClassifierSeconds, 1)} | {(r.Count == 0 ? "" : r.Average(x => x.SyntheticRows).ToString("N0", CultureInfo.InvariantCulture))} |");
        }

        return text.ToString();
    }

    /// <summary>The arm with the highest mean average precision over the seeds, among those <paramref name="eligible"/> (all when null); null when none ran.</summary>
    public string? BestArm(Func<string, bool>? eligible = null)
        => Options.Arms.Where(a => eligible?.Invoke(a) ?? true).Where(a => Runs.Any(r => r.Arm == a))
            .OrderByDescending(a => Runs.Where(r => r.Arm == a).Average(r => r.Metrics.AveragePrecision)).FirstOrDefault();

    /// <summary>
    /// <paramref name="arm"/>'s average precision minus "none"'s on the same seed, averaged over seeds,
    /// with the standard error of that mean (0 for one seed); null when "none" did not run.
    /// </summary>
    public (double Mean, double StandardError)? PairedDifference(string arm)
    {
        var differences = new List<double>();
        foreach (var run in Runs.Where(x => x.Arm == arm))
        {
            var none = Runs.FirstOrDefault(x => x.Arm == "none" && x.Seed == run.Seed);
            if (none is null)
            {
                return null;
            }

            differences.Add(run.Metrics.AveragePrecision - none.Metrics.AveragePrecision);
        }

        var (mean, std) = MeanStd(differences);
        return differences.Count == 0 ? null : (mean, std / Math.Sqrt(differences.Count));
    }

    /// <summary>The results as JSON: settings, and per arm every metric's mean, standard deviation and per-seed values.</summary>
    public JsonObject ToJson(string dataset)
    {
        var arms = new JsonArray();
        foreach (var arm in Options.Arms)
        {
            var r = Runs.Where(x => x.Arm == arm).ToList();
            arms.Add(new JsonObject
            {
                ["name"] = arm,
                ["average_precision"] = Summary(r, x => x.Metrics.AveragePrecision),
                ["average_precision_minus_none"] = PairedDifference(arm) is var (diff, se) ? new JsonObject { ["mean"] = diff, ["standard_error"] = se } : null,
                ["mlnet_auprc"] = Summary(r, x => x.Metrics.MlNetAuprc),
                ["roc_auc"] = Summary(r, x => x.Metrics.RocAuc),
                ["f1"] = Summary(r, x => x.Metrics.F1),
                ["f1_best"] = Summary(r, x => x.Metrics.BestF1),
                ["recall_at_p90"] = Summary(r, x => x.Metrics.RecallAtPrecision90),
                ["augment_seconds"] = Summary(r, x => x.AugmentSeconds),
                ["classifier_seconds"] = Summary(r, x => x.ClassifierSeconds),
                ["synthetic_rows"] = r.Count == 0 ? 0 : (int)Math.Round(r.Average(x => x.SyntheticRows)),
                ["choices"] = r.Any(x => x.Choice is not null) ? new JsonArray([.. r.Select(x => (JsonNode?)(x.Choice is { } c ? new JsonObject
                {
                    ["method"] = c.Method,
                    ["ratio"] = c.Ratio,
                    ["inner_average_precision"] = new JsonObject([.. c.Scores.Select(k => new KeyValuePair<string, JsonNode?>(k.Method == "none" ? "none" : $"{k.Method}@{k.Ratio:0.##}", k.Mean))]),
                    ["inner_fold_average_precision"] = new JsonObject([.. c.Scores.Select(k => new KeyValuePair<string, JsonNode?>(k.Method == "none" ? "none" : $"{k.Method}@{k.Ratio:0.##}", new JsonArray([.. k.FoldScores.Select(v => (JsonNode)v)])))]),
                } : null))]) : null,
            });
        }

        return new JsonObject
        {
            ["dataset"] = dataset,
            ["rows"] = Rows,
            ["positives"] = Positives,
            ["classifier"] = Options.Classifier.Name,
            ["ratio"] = Options.Ratio,
            ["epochs"] = Options.Epochs,
            ["max_train_positives"] = Options.MaxTrainPositives,
            ["privacy"] = Options.Privacy is { } privacy ? new JsonObject { ["epsilon"] = privacy.Epsilon, ["delta"] = privacy.Delta, ["max_grad_norm"] = privacy.MaxGradNorm, ["applies_to"] = "ctgan, tvae" } : null,
            ["seeds"] = new JsonArray([.. Options.Seeds.Select(s => (JsonNode)s)]),
            ["arms"] = arms,
        };
    }

    private static string Stat(IReadOnlyList<ArmResult> runs, Func<ArmResult, double> value, int digits)
    {
        var (mean, std) = MeanStd([.. runs.Select(value)]);
        string format = $"F{digits}";
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {std.ToString(format, CultureInfo.InvariantCulture)}";
    }

    private static JsonObject Summary(IReadOnlyList<ArmResult> runs, Func<ArmResult, double> value)
    {
        var values = runs.Select(value).ToArray();
        var (mean, std) = MeanStd(values);
        return new JsonObject { ["mean"] = mean, ["std"] = std, ["values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };
    }
}
