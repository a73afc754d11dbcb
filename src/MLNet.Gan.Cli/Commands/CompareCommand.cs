using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Comparison;
using MLNet.Gan.Compute;
using MLNet.Gan.DataViews;
using MLNet.Gan.IO;
using MLNet.Gan.Pipeline;
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
        var anomalyEpochs = new Option<int>("--anomaly-epochs") { Description = "With --report: epochs of the TVAE anomaly detector fitted on the first seed's training rows without their labels, whose score alone is graded on the test rows in the report's anomaly section (0: no section).", DefaultValueFactory = _ => 30 };
        var dataOptions = new DataOptions();
        var onnx = new Option<FileInfo?>("--onnx") { Description = "Write the best arm's model (highest mean average precision; fitted on the first seed's training rows) as ONNX, for ONNX Runtime (fasttree or lightgbm)." };
        var code = new Option<DirectoryInfo?>("--code") { Description = "Write a C# project (Model.csproj, Program.cs) that reproduces the best arm as its own ML.NET program and consumes the saved model with a PredictionEngine (--data, fasttree or lightgbm)." };
        var privacyOptions = new PrivacyCliOptions();
        var command = new Command("compare", "Compare augmentation arms (none, weighted, smote, ctgan, tvae) before a tree classifier (FastTree by default) in one ML.NET pipeline, scored on untouched test rows.");
        foreach (var o in new Option[] { data, train, test, positive, arms, seeds, epochs, ratio, testFraction, positiveRate, maxTrainPositives, threads, classifier, roundIntegers, columnRules, json, report, anomalyEpochs, onnx, code })
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
            var onnxFile = result.GetValue(onnx);
            var codeFolder = result.GetValue(code);
            if ((onnxFile is not null || codeFolder is not null) && classifierName == "xgboost")
            {
                throw new ArgumentException($"{(onnxFile is not null ? "--onnx" : "--code")} writes an ML.NET model; XGBoost's cannot be held in one. Use --classifier fasttree or lightgbm.");
            }

            if (codeFolder is not null && (dataFile is null || rate is not null || result.GetValue(maxTrainPositives) is not null || privacy is not null))
            {
                throw new ArgumentException("--code reproduces a split of --data with the arm's default settings: it cannot be combined with --train/--test, --positive-rate, --max-train-positives or --epsilon.");
            }

            if (onnxFile?.Directory is { Exists: false } missingFolder)
            {
                throw new ArgumentException($"--onnx: the folder '{missingFolder.FullName}' does not exist.");
            }

            if ((onnxFile is not null || codeFolder is not null) && !armList.Any(ModelProject.CanWrite))
            {
                throw new ArgumentException("--onnx and --code export an arm's ML.NET model; the scores arm's scorer cannot be held in one. Add another arm.");
            }

            var reportFile = result.GetValue(report);
            int detectorEpochs = result.GetValue(anomalyEpochs);
            if (detectorEpochs < 0)
            {
                throw new ArgumentException($"--anomaly-epochs must be at least 0 (got {detectorEpochs}).");
            }

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
            var exported = new Dictionary<string, byte[]>();
            var comparison = new AugmentationComparison(settings)
            {
                Fitted = fitted =>
                {
                    if (onnxFile is not null && fitted.Seed == seedList[0] && ModelProject.CanWrite(fitted.Arm))
                    {
                        using var stream = new MemoryStream();
                        new MLContext(unchecked((int)fitted.Seed)).Model.ConvertToOnnx(fitted.Model, fitted.TrainSet, stream);
                        exported[fitted.Arm] = stream.ToArray();
                    }
                },
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
                        WriteReport(arm, read.Label, pos, reportFile!.FullName, detectorEpochs);
                    }
                },
            };
            var outcome = dataFile is null
                ? comparison.Run(full.ToDataView(), TableFile.Read(testFile!.FullName, read).ToDataView())
                : comparison.Run(full.ToDataView());

            Console.WriteLine();
            Console.WriteLine(outcome.ToMarkdown());
            if (outcome.BestArm(ModelProject.CanWrite) is { } best)
            {
                var apOfBest = outcome.Runs.First(r => r.Arm == best && r.Seed == seedList[0]).Metrics.AveragePrecision;
                if (onnxFile is not null)
                {
                    AtomicFile.Write(onnxFile.FullName, s => s.Write(exported[best]));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {onnxFile.FullName}: the {best} arm's model (the highest mean average precision), fitted on seed {seedList[0]}'s training rows (its test average precision {apOfBest:F4})."));
                }

                if (codeFolder is not null)
                {
                    ModelProject.Write(codeFolder.FullName, best, seedList[0], settings, classifierName, dataFile!.FullName, read, full.ToDataView().Schema);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {Path.Combine(codeFolder.FullName, "Program.cs")} and Model.csproj: the {best} arm on seed {seedList[0]}, which scored average precision {apOfBest:F4}; dotnet run there reproduces it."));
                }
            }

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
    private static void WriteReport(ArmAugmentation arm, string label, string positive, string path, int detectorEpochs)
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
                Anomaly = detectorEpochs > 0 ? AnomalyAlone(arm, label, positive, detectorEpochs) : null,
            });
        Console.Error.WriteLine($"  fidelity: KS {audit.KsComplement:F3}, correlation {audit.CorrelationSimilarity:F3}; detection AUC {audit.DetectionAucClassifier:F3}; new rows {audit.NewRowSynthesis:F3}; DCR overfitting protection {audit.DcrOverfittingProtection:F3}; membership inference AUC {audit.MembershipInferenceAuc:F3} (distance), {audit.MembershipInferenceDensityAuc:F3} (density ratio)");
    }

    /// <summary>The TVAE anomaly detector fitted on the seed's training rows without their labels, its score alone graded on the test rows.</summary>
    private static Report.AnomalySectionContent AnomalyAlone(ArmAugmentation arm, string label, string positive, int epochs)
    {
        var training = arm.Run.Training;
        Console.Error.WriteLine($"Fitting the TVAE anomaly detector on the {training.RowCount:N0} training rows of seed {arm.Seed} without their labels ({epochs} epochs) for the report's anomaly section:");
        var ml = new MLContext(unchecked((int)arm.Seed));
        var options = new Anomaly.TvaeAnomalyOptions { Tvae = new Synthesizers.TvaeOptions { Epochs = epochs, Seed = arm.Seed }, IgnoreColumnNames = [label] };
        var detector = ml.AnomalyDetection.Trainers.Tvae(options).Fit(training.ToDataView());
        var test = arm.TestSet.ToTable(label);
        double[] scores = [.. detector.Transform(test.ToDataView()).GetColumn<float>("Score").Select(v => (double)v)];
        bool[] truth = [.. test.LabelColumn!.Codes.Select(code => test.LabelColumn.Categories[code] == positive)];
        var metrics = Evaluation.BinaryMetrics.Evaluate(scores, truth);
        double recall = Evaluation.BinaryMetrics.RecallAtFlagged(scores, truth, 0.01);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  anomaly score alone on the {test.RowCount:N0} test rows: average precision {metrics.AucPr:F4}, ROC-AUC {metrics.RocAuc:F4}, recall at 1 % flagged {recall:F4}"));
        return new Report.AnomalySectionContent($"TVAE anomaly detector (negative ELBO, {epochs} epochs, seed {arm.Seed})", $"the {training.RowCount:N0} training rows of seed {arm.Seed}",
            $"the test rows, {label} = {positive} as positive", metrics, recall);
    }
}
