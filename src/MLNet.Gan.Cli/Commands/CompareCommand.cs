using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Compute;
using MLNet.Gan.IO;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// <c>mlnet-gan compare</c>: does augmenting the rare class help a gradient-boosted-tree classifier,
/// honestly, on untouched test rows? Arms: none, class weights, SMOTE, random duplication, CTGAN, TVAE.
/// </summary>
public static class CompareCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new Option<FileInfo?>("--data") { Description = "CSV with a label column; split per seed (stratified)." };
        var train = new Option<FileInfo?>("--train") { Description = "Use this training CSV instead of splitting --data (with --test)." };
        var test = new Option<FileInfo?>("--test") { Description = "Use this test CSV instead of splitting --data (with --train)." };
        var positive = new Option<string?>("--positive") { Description = "The positive (rare) class (default: the label's least frequent value)." };
        var arms = new Option<string>("--arms") { Description = $"Comma-separated arms: {string.Join(", ", Comparison.KnownArms)}.", DefaultValueFactory = _ => "none,weighted,smote,ctgan,tvae" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds: one split and one run of every arm per seed.", DefaultValueFactory = _ => "0,1,2" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of the ctgan and tvae arms.", DefaultValueFactory = _ => 300 };
        var ratio = new Option<double>("--ratio") { Description = "Positives ÷ negatives in the training rows after augmentation.", DefaultValueFactory = _ => 0.25 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out for testing.", DefaultValueFactory = _ => 0.3 };
        var positiveRate = new Option<double?>("--positive-rate") { Description = "Subsample the positives (seeded, before splitting) to this share of rows." };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<FileInfo?>("--json") { Description = "Write the results as JSON." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the synthetic-data audit (HTML) of the GAN arm's rows (ctgan, else tvae) on the first seed: training positives vs the rows it added, test positives as holdout." };
        var dataOptions = new DataOptions();
        var command = new Command("compare", "Compare augmentation arms (none, weighted, smote, ctgan, tvae) before a gradient-boosted-tree classifier on untouched test rows.");
        foreach (var o in new Option[] { data, train, test, positive, arms, seeds, epochs, ratio, testFraction, positiveRate, threads, json, report })
        {
            command.Options.Add(o);
        }

        dataOptions.AddTo(command);
        command.SetAction(result =>
        {
            var read = dataOptions.Read(result);
            if (read.Label is null)
            {
                throw new ArgumentException("compare needs --label.");
            }

            ComputeSettings.Threads = FitCommand.Positive(result.GetValue(threads), "--threads");
            var (dataFile, trainFile, testFile) = (result.GetValue(data), result.GetValue(train), result.GetValue(test));
            if ((dataFile is null) == (trainFile is null || testFile is null) || (trainFile is null) != (testFile is null))
            {
                throw new ArgumentException("Give either --data, or both --train and --test.");
            }

            var armList = DataOptions.List(result.GetValue(arms));
            foreach (var a in armList.Where(a => !Comparison.KnownArms.Contains(a)))
            {
                throw new ArgumentException($"Unknown arm '{a}'. Arms: {string.Join(", ", Comparison.KnownArms)}.");
            }

            var seedList = DataOptions.List(result.GetValue(seeds)).Select(s => long.TryParse(s, out long v) ? v : throw new ArgumentException($"--seeds: '{s}' is not a whole number.")).ToArray();
            var full = dataFile is null ? CsvTable.Read(trainFile!.FullName, read) : CsvTable.Read(dataFile.FullName, read);
            var label = full.LabelColumn!;
            string pos = result.GetValue(positive) ?? label.LeastFrequent();
            if (label.CodeOf(pos) < 0)
            {
                throw new ArgumentException($"Label '{read.Label}' has no value '{pos}'. Values: {string.Join(", ", label.Categories)}.");
            }

            if (result.GetValue(positiveRate) is double rate)
            {
                full = Comparison.SubsamplePositives(full, pos, rate, seed: 0);
            }

            var settings = new ComparisonSettings
            {
                Label = read.Label,
                Positive = pos,
                Arms = armList,
                Seeds = seedList,
                Epochs = FitCommand.Positive(result.GetValue(epochs), "--epochs"),
                Ratio = result.GetValue(ratio),
                TestFraction = result.GetValue(testFraction),
                Threads = ComputeSettings.Threads,
            };
            int positives = full.RowsWithLabel(pos).Length;
            Console.Error.WriteLine($"Comparing {string.Join(", ", armList)} on {full.RowCount:N0} rows ({positives:N0} positive '{pos}'), seeds {string.Join(",", seedList)}, ratio {settings.Ratio}, {settings.Epochs} epochs.");
            var runs = new List<ArmRun>();
            int total = seedList.Length * armList.Length, done = 0;
            var reportFile = result.GetValue(report);
            string? reportArm = reportFile is null ? null
                : armList.FirstOrDefault(a => a == "ctgan") ?? armList.FirstOrDefault(a => a == "tvae")
                    ?? throw new ArgumentException("--report audits the GAN arm's rows: add ctgan or tvae to --arms.");
            var comparison = new Comparison(settings, step => Console.Error.WriteLine($"[{++done}/{total}] {step}"), arm =>
            {
                if (arm.Arm == reportArm && arm.Seed == seedList[0])
                {
                    WriteReport(arm, read.Label, pos, reportFile!.FullName);
                }
            });
            if (dataFile is null)
            {
                var testTable = CsvTable.Read(testFile!.FullName, read);
                foreach (long seed in seedList)
                {
                    runs.AddRange(comparison.RunSplit(full, testTable, seed));
                }
            }
            else
            {
                runs.AddRange(comparison.Run(full));
            }

            PrintTable(runs, armList);
            if (result.GetValue(json) is { } jsonFile)
            {
                var document = ComparisonJson.Build(Path.GetFileName((dataFile ?? trainFile)!.FullName), full.RowCount, positives, seedList, armList, runs);
                AtomicFile.Write(jsonFile.FullName, s => s.Write(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }))));
                Console.Error.WriteLine($"Wrote {jsonFile.FullName}.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Audits the rows an arm added against the training positives it learned from (test positives as the holdout).</summary>
    private static void WriteReport(AugmentedArm arm, string label, string positive, string path)
    {
        var synthetic = arm.Augmentation.LastSyntheticRows;
        if (synthetic is null)
        {
            Console.Error.WriteLine($"--report: the {arm.Arm} arm added no rows on seed {arm.Seed}; no report written.");
            return;
        }

        Console.Error.WriteLine($"Auditing the {synthetic.RowCount:N0} rows of the {arm.Arm} arm (seed {arm.Seed}) for --report:");
        var audit = Audit.Run(
            arm.Train.WhereLabel(positive).Drop(label),
            synthetic.Drop(label),
            arm.Test.WhereLabel(positive).Drop(label),
            new Evaluation.SyntheticDataAuditOptions { Seed = arm.Seed },
            new AuditOutputs
            {
                Report = path,
                RealSource = $"training positives ({label} = {positive}, seed {arm.Seed})",
                SyntheticSource = $"{arm.Arm} rows",
                Model = arm.Augmentation.Synthesizer,
            });
        Console.Error.WriteLine($"  fidelity: KS {audit.KsComplement:F3}, correlation {audit.CorrelationSimilarity:F3}; detection AUC {audit.DetectionAucXgboost:F3}; new rows {audit.NewRowSynthesis:F3}; DCR overfitting protection {audit.DcrOverfittingProtection:F3}");
    }

    private static void PrintTable(IReadOnlyList<ArmRun> runs, IReadOnlyList<string> arms)
    {
        // Plain markdown, so the table reads the same in a terminal, a log and the README.
        Console.WriteLine();
        Console.WriteLine("| arm | AUC-PR | ROC-AUC | best F1 | recall@P≥0.9 | augment s | classifier s | synthetic rows |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var arm in arms)
        {
            var r = runs.Where(x => x.Arm == arm).ToList();
            Console.WriteLine($"| {arm} | {Stat(r, x => x.Metrics.AucPr, 4)} | {Stat(r, x => x.Metrics.RocAuc, 4)} | {Stat(r, x => x.Metrics.F1Best, 4)} | " +
                $"{Stat(r, x => x.Metrics.RecallAtPrecision90, 4)} | {Stat(r, x => x.AugmentSeconds, 1)} | {Stat(r, x => x.ClassifierSeconds, 1)} | " +
                $"{(r.Count == 0 ? "" : r.Average(x => x.SyntheticRows).ToString("N0"))} |");
        }

        Console.WriteLine();
    }

    private static string Stat(IReadOnlyList<ArmRun> runs, Func<ArmRun, double> value, int digits)
    {
        var (mean, std) = ComparisonJson.MeanStd([.. runs.Select(value)]);
        return $"{mean.ToString($"F{digits}")} ± {std.ToString($"F{digits}")}";
    }
}

/// <summary>The JSON document of a comparison.</summary>
internal static class ComparisonJson
{
    public static JsonObject Build(string dataset, int rows, int positives, IReadOnlyList<long> seeds, IReadOnlyList<string> arms, IReadOnlyList<ArmRun> runs)
    {
        var armArray = new JsonArray();
        foreach (var arm in arms)
        {
            var r = runs.Where(x => x.Arm == arm).ToList();
            armArray.Add(new JsonObject
            {
                ["name"] = arm,
                ["auc_pr"] = Summary(r, x => x.Metrics.AucPr),
                ["roc_auc"] = Summary(r, x => x.Metrics.RocAuc),
                ["f1_best"] = Summary(r, x => x.Metrics.F1Best),
                ["recall_at_p90"] = Summary(r, x => x.Metrics.RecallAtPrecision90),
                ["augment_seconds"] = Summary(r, x => x.AugmentSeconds),
                ["classifier_seconds"] = Summary(r, x => x.ClassifierSeconds),
                ["synthetic_rows"] = r.Count == 0 ? 0 : (int)Math.Round(r.Average(x => x.SyntheticRows)),
            });
        }

        return new JsonObject
        {
            ["dataset"] = dataset,
            ["rows"] = rows,
            ["positives"] = positives,
            ["seeds"] = new JsonArray([.. seeds.Select(s => (JsonNode)s)]),
            ["arms"] = armArray,
        };
    }

    public static (double Mean, double Std) MeanStd(double[] values)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        double mean = values.Average();
        double std = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return (mean, std);
    }

    private static JsonObject Summary(IReadOnlyList<ArmRun> runs, Func<ArmRun, double> value)
    {
        var values = runs.Select(value).ToArray();
        var (mean, std) = MeanStd(values);
        return new JsonObject { ["mean"] = mean, ["std"] = std, ["values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };
    }
}
