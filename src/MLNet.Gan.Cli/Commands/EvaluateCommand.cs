using System.CommandLine;
using System.Text.Json;
using MLNet.Gan.Compute;
using MLNet.Gan.Evaluation;
using MLNet.Gan.IO;
using MLNet.Gan.Report;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;
using MLNet.Gan.XGBoost;

namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// <c>mlnet-gan evaluate</c>: the synthetic-data audit — fidelity, privacy and utility of a synthetic
/// CSV against the real one — as JSON and, optionally, a self-contained HTML report.
/// </summary>
public static class EvaluateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var real = new Option<FileInfo>("--real") { Description = "The real rows (the generator's training data).", Required = true };
        var synthetic = new Option<FileInfo>("--synthetic") { Description = "The synthetic rows; columns are matched to the real ones by name.", Required = true };
        var holdout = new Option<FileInfo?>("--holdout") { Description = "Real rows the generator never saw: enables DCR overfitting protection and is the utility test set." };
        var positive = new Option<string?>("--positive") { Description = "The label's positive class for utility (default: its least frequent value)." };
        var json = new Option<FileInfo>("--json") { Description = "Write the metrics as JSON.", Required = true };
        var report = new Option<FileInfo?>("--report") { Description = "Also write a self-contained HTML report with charts." };
        var model = new Option<FileInfo?>("--model") { Description = "The model archive that made the synthetic rows: its loss history goes into the report." };
        var seed = new Option<long>("--seed") { Description = "Seed of samples, folds and the random baseline.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var dataOptions = new DataOptions();
        var command = new Command("evaluate", "Audit synthetic data against real data: fidelity, detection, privacy (DCR, new rows) and utility; JSON and an HTML report.");
        foreach (var o in new Option[] { real, synthetic, holdout, positive, json, report, model, seed, threads })
        {
            command.Options.Add(o);
        }

        dataOptions.AddTo(command);
        command.SetAction(result =>
        {
            ComputeSettings.Threads = FitCommand.Positive(result.GetValue(threads), "--threads");
            var read = dataOptions.Read(result);
            var realFile = result.GetValue(real)!;
            var syntheticFile = result.GetValue(synthetic)!;
            var realTable = CsvTable.Read(realFile.FullName, read);
            var syntheticTable = CsvTable.Read(syntheticFile.FullName, read);
            var holdoutTable = result.GetValue(holdout) is { } h ? CsvTable.Read(h.FullName, read) : null;
            var fitted = result.GetValue(model) is { } m ? SynthesizerModel.Load(m.FullName) : null;
            var options = new SyntheticDataAuditOptions
            {
                Label = read.Label,
                PositiveClass = result.GetValue(positive),
                Seed = result.GetValue(seed),
            };
            var audit = Audit.Run(realTable, syntheticTable, holdoutTable, options, new AuditOutputs
            {
                Json = result.GetValue(json)!.FullName,
                Report = result.GetValue(report)?.FullName,
                RealSource = realFile.Name,
                SyntheticSource = syntheticFile.Name,
                Model = fitted,
            });
            Audit.Print(audit);
            return 0;
        });
        return command;
    }
}

/// <summary>Where an audit's results go, and what the report shows besides the metrics.</summary>
internal sealed class AuditOutputs
{
    public string? Json { get; init; }

    public string? Report { get; init; }

    public string RealSource { get; init; } = "real data";

    public string SyntheticSource { get; init; } = "synthetic data";

    public ISynthesizerModel? Model { get; init; }
}

/// <summary>Runs the audit with XGBoost as its classifier and writes the JSON and the report (shared by evaluate and compare).</summary>
internal static class Audit
{
    public static AuditResult Run(Table real, Table synthetic, Table? holdout, SyntheticDataAuditOptions options, AuditOutputs outputs)
    {
        var boosted = new GradientBoostedTreesOptions { Threads = ComputeSettings.Threads };
        options.Classifier = (training, positiveClass) => new GradientBoostedTreesTrainer(training.Label!, positiveClass, boosted).Fit(training);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var audit = SyntheticDataAudit.Run(real, synthetic, holdout, options, new SynchronousProgress<string>(step => Console.Error.WriteLine($"[{started.Elapsed.TotalSeconds,6:F1} s] {step}")));
        if (outputs.Json is { } jsonPath)
        {
            string text = audit.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            AtomicFile.Write(jsonPath, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));
            Console.Error.WriteLine($"Wrote {jsonPath}.");
        }

        if (outputs.Report is { } reportPath)
        {
            AuditReport.Write(reportPath, new AuditReportContent
            {
                Result = audit,
                Real = real,
                Synthetic = synthetic,
                RealSource = outputs.RealSource,
                SyntheticSource = outputs.SyntheticSource,
                History = outputs.Model?.History,
                Synthesizer = outputs.Model switch { CtGanModel => "CTGAN", TvaeModel => "TVAE", _ => null },
            });
            Console.Error.WriteLine($"Wrote {reportPath}.");
        }

        return audit;
    }

    public static void Print(AuditResult audit)
    {
        Console.WriteLine();
        Console.WriteLine("| metric | score |");
        Console.WriteLine("|---|---|");
        foreach (var (key, _, _) in AuditResult.Metrics)
        {
            Console.WriteLine($"| {key} | {(audit[key] is double v ? v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "—")} |");
        }

        Console.WriteLine();
    }
}
