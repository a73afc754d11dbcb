using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Comparison;
using MLNet.Gan.Compute;
using MLNet.Gan.DataViews;
using MLNet.Gan.IO;
using MLNet.Gan.Tabular;
using MLNet.Gan.XGBoost;

namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// <c>mlnet-gan compare</c>: does augmenting the rare class help a tree classifier (FastTree by
/// default), honestly, on untouched test rows? Prints what <see cref="AugmentationComparison"/> returns.
/// </summary>
public static class CompareCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new Option<FileInfo?>("--data") { Description = "CSV or Parquet with a label column; split per seed (stratified)." };
        var train = new Option<FileInfo?>("--train") { Description = "Use this training CSV or Parquet file instead of splitting --data (with --test)." };
        var test = new Option<FileInfo?>("--test") { Description = "Use this test CSV or Parquet file instead of splitting --data (with --train)." };
        var positive = new Option<string?>("--positive") { Description = "The positive (rare) class (default: the label's least frequent value)." };
        var arms = new Option<string>("--arms") { Description = $"Comma-separated arms: {string.Join(", ", ComparisonOptions.KnownArms)}.", DefaultValueFactory = _ => "none,weighted,smote,ctgan,tvae" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds: one split and one run of every arm per seed.", DefaultValueFactory = _ => "0,1,2" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of the ctgan and tvae arms.", DefaultValueFactory = _ => 300 };
        var ratio = new Option<double>("--ratio") { Description = "Positives ÷ negatives in the training rows after augmentation.", DefaultValueFactory = _ => 0.25 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out for testing.", DefaultValueFactory = _ => 0.3 };
        var positiveRate = new Option<double?>("--positive-rate") { Description = "Subsample the positives (seeded, before splitting) to this share of rows." };
        var maxTrainPositives = new Option<int?>("--max-train-positives") { Description = "Keep this many of each split's training positives (seeded; negatives and test rows untouched): augmentation where positives are few." };
        var threads = ThreadsOption.Create();
        var classifier = new Option<string>("--classifier") { Description = "The classifier every arm trains: fasttree (ML.NET FastTree, defaults), lightgbm (ML.NET LightGbm) or xgboost (300 rounds, depth 6, eta 0.1: the reference protocol).", DefaultValueFactory = _ => "fasttree" };
        var roundIntegers = new Option<bool>("--round-integers") { Description = "Round the synthetic values of integer columns (SMOTE, CTGAN, TVAE)." };
        var columnRules = new Option<bool>("--column-rules") { Description = "Fit the ctgan and tvae arms' encoders with the column rules fit uses: point masses (values such as 0 or a cap reproduced exactly) and long tails (log scale): more faithful rows." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the results as JSON." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the synthetic-data audit (HTML) of the GAN arm's rows (ctgan, else tvae) on the first seed: training positives vs the rows it added, test positives as holdout; its figures also go to the same name with .json." };
        var dataOptions = new DataOptions();
        var privacyOptions = new PrivacyCliOptions();
        var command = new Command("compare", "Compare augmentation arms (none, weighted, smote, ctgan, tvae) before a tree classifier (FastTree by default) in one ML.NET pipeline, scored on untouched test rows.");
        foreach (var o in new Option[] { data, train, test, positive, arms, seeds, epochs, ratio, testFraction, positiveRate, maxTrainPositives, threads, classifier, roundIntegers, columnRules, json, report })
        {
            command.Options.Add(o);
        }

        dataOptions.AddTo(command);
        privacyOptions.AddTo(command);
        command.SetAction(result =>
        {
            // every option is read and validated (by ComparisonOptions and PrivacyOptions) before the data is read
            var read = dataOptions.Read(result);
            if (read.Label is null)
            {
                throw new ArgumentException("compare needs --label.");
            }

            ThreadsOption.Apply(result, threads);
            var (dataFile, trainFile, testFile) = (result.GetValue(data), result.GetValue(train), result.GetValue(test));
            if ((dataFile is null) == (trainFile is null || testFile is null) || (trainFile is null) != (testFile is null))
            {
                throw new ArgumentException("Give either --data, or both --train and --test.");
            }

            var armList = DataOptions.List(result.GetValue(arms));
            var seedList = DataOptions.List(result.GetValue(seeds)).Select(s => long.TryParse(s, out long v) ? v : throw new ArgumentException($"--seeds: '{s}' is not a whole number.")).ToArray();
            double? rate = result.GetValue(positiveRate);
            if (rate is double r)
            {
                OptionNames.Validate(() => PositiveSubsampling.ValidateRate(r), ("rate", "--positive-rate"));
            }

            var classifierName = result.GetValue(classifier)!;
            var privacy = privacyOptions.Read(result);
            ComparisonOptions Settings(string positiveClass) => new()
            {
                LabelColumnName = read.Label,
                PositiveClass = positiveClass,
                Arms = armList,
                Seeds = seedList,
                Epochs = result.GetValue(epochs),
                Ratio = result.GetValue(ratio),
                TestFraction = result.GetValue(testFraction),
                MaxTrainPositives = result.GetValue(maxTrainPositives),
                Threads = ComputeSettings.Threads,
                RoundIntegers = result.GetValue(roundIntegers),
                ColumnRules = result.GetValue(columnRules),
                Privacy = privacy,
                Classifier = classifierName switch
                {
                    "fasttree" => ComparisonClassifier.FastTree,
                    "lightgbm" => ComparisonClassifier.LightGbm,
                    "xgboost" => XGBoostCatalog.Comparison,
                    _ => throw new ArgumentException($"--classifier must be fasttree, lightgbm or xgboost (got '{classifierName}')."),
                },
            };
            OptionNames.Validate(Settings(result.GetValue(positive) ?? "").Validate,
                [("Arms", "--arms"), ("Seeds", "--seeds"), ("Epochs", "--epochs"), ("Ratio", "--ratio"), ("TestFraction", "--test-fraction"), ("MaxTrainPositives", "--max-train-positives"), ("Privacy", "--epsilon"), .. OptionNames.Privacy]);
            var reportFile = result.GetValue(report);
            string? reportArm = reportFile is null ? null
                : armList.FirstOrDefault(a => a == "ctgan") ?? armList.FirstOrDefault(a => a == "tvae")
                    ?? throw new ArgumentException("--report audits the GAN arm's rows: add ctgan or tvae to --arms.");

            var full = dataFile is null ? TableFile.Read(trainFile!.FullName, read) : TableFile.Read(dataFile.FullName, read);
            var label = full.LabelColumn!;
            string pos = result.GetValue(positive) ?? label.LeastFrequent();
            if (label.CodeOf(pos) < 0)
            {
                throw new ArgumentException($"Label '{read.Label}' has no value '{pos}'. Values: {string.Join(", ", label.Categories)}.");
            }

            if (rate is double subsample)
            {
                full = PositiveSubsampling.Subsample(full, pos, subsample, seed: 0);
            }

            var settings = Settings(pos);
            int positives = full.RowsWithLabel(pos).Length;
            Console.Error.WriteLine($"Comparing {string.Join(", ", armList)} before {classifierName} on {full.RowCount:N0} rows ({positives:N0} positive '{pos}'), seeds {string.Join(",", seedList)}, ratio {settings.Ratio}, {settings.Epochs} epochs{(settings.MaxTrainPositives is int n ? $", {n:N0} training positives kept per split" : "")}.");
            int total = seedList.Length * armList.Length, done = 0;
            var comparison = new AugmentationComparison(settings)
            {
                Progress = step => Console.Error.WriteLine($"[{++done}/{total}] {step}"),
                Chosen = (seed, choice) => Console.Error.WriteLine($"  seed {seed}: auto {choice}"),
                Augmented = arm =>
                {
                    if (arm.Run.Synthesizer is Synthesizers.FittedSynthesizer { Privacy: { } spent })
                    {
                        Console.Error.WriteLine($"  seed {arm.Seed}: {arm.Arm} trained privately on {spent.Rows:N0} positives: ε {spent.EpsilonSpent:G4} of {spent.Epsilon:G4} at δ {spent.Delta:G3}, noise multiplier {spent.NoiseMultiplier:G4}, sampling rate {spent.SamplingRate:G3}, {spent.Steps:N0} steps");
                    }

                    if (arm.Arm == reportArm && arm.Seed == seedList[0])
                    {
                        WriteReport(arm, read.Label, pos, reportFile!.FullName);
                    }
                },
            };
            var outcome = dataFile is null
                ? comparison.Run(full.ToDataView(), TableFile.Read(testFile!.FullName, read).ToDataView())
                : comparison.Run(full.ToDataView());

            Console.WriteLine();
            Console.WriteLine(outcome.ToMarkdown());
            if (result.GetValue(json) is { } jsonFile)
            {
                var document = outcome.ToJson(Path.GetFileName((dataFile ?? trainFile)!.FullName));
                AtomicFile.Write(jsonFile.FullName, s => s.Write(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }))));
                Console.Error.WriteLine($"Wrote {jsonFile.FullName}.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Audits the rows an arm added against the training positives it learned from (test positives as the holdout).</summary>
    private static void WriteReport(ArmAugmentation arm, string label, string positive, string path)
    {
        var synthetic = arm.Run.SyntheticRows;
        if (synthetic.RowCount == 0)
        {
            Console.Error.WriteLine($"--report: the {arm.Arm} arm added no rows on seed {arm.Seed}; no report written.");
            return;
        }

        Console.Error.WriteLine($"Auditing the {synthetic.RowCount:N0} rows of the {arm.Arm} arm (seed {arm.Seed}) for --report:");
        var audit = Audit.Run(
            arm.Run.Training.WhereLabel(positive).Drop(label),
            synthetic.Drop(label),
            arm.TestSet.ToTable(label).WhereLabel(positive).Drop(label),
            new Evaluation.SyntheticDataAuditOptions { Seed = arm.Seed },
            new AuditOutputs
            {
                Report = path,
                Json = Path.ChangeExtension(path, ".json"),
                RealSource = $"training positives ({label} = {positive}, seed {arm.Seed})",
                SyntheticSource = $"{arm.Arm} rows",
                Model = arm.Run.Synthesizer,
            });
        Console.Error.WriteLine($"  fidelity: KS {audit.KsComplement:F3}, correlation {audit.CorrelationSimilarity:F3}; detection AUC {audit.DetectionAucClassifier:F3}; new rows {audit.NewRowSynthesis:F3}; DCR overfitting protection {audit.DcrOverfittingProtection:F3}; membership inference AUC {audit.MembershipInferenceAuc:F3} (distance), {audit.MembershipInferenceDensityAuc:F3} (density ratio)");
    }
}
