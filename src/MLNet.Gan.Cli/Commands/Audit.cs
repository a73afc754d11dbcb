using System.Text.Json;
using MLNet.Gan.Compute;
using MLNet.Gan.Evaluation;
using MLNet.Gan.IO;
using MLNet.Gan.Report;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;
using MLNet.Gan.XGBoost;

namespace MLNet.Gan.Cli.Commands;

/// <summary>Where an audit's results go, and what the report shows besides the metrics.</summary>
internal sealed class AuditOutputs
{
    public string? Json { get; init; }

    public string? Report { get; init; }

    public string RealSource { get; init; } = "real data";

    public string SyntheticSource { get; init; } = "synthetic data";

    public ISynthesizerModel? Model { get; init; }

    public Report.AnomalySectionContent? Anomaly { get; init; }
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
                Privacy = (outputs.Model as FittedSynthesizer)?.Privacy,
                Anomaly = outputs.Anomaly,
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
        if (audit.UtilitySkipped is { } skipped)
        {
            Console.WriteLine($"Utility: {skipped} Give --holdout to measure it.");
            Console.WriteLine();
        }
    }
}
