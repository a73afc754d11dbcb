using System.CommandLine;
using MLNet.Gan.Compute;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

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
        var threads = ThreadsOption.Create();
        var dataOptions = new DataOptions();
        var command = new Command("evaluate", "Audit synthetic data against real data: fidelity, detection, privacy (DCR, new rows) and utility; JSON and an HTML report.");
        foreach (var o in new Option[] { real, synthetic, holdout, positive, json, report, model, seed, threads })
        {
            command.Options.Add(o);
        }

        dataOptions.AddTo(command);
        command.SetAction(result =>
        {
            ThreadsOption.Apply(result, threads);
            var read = dataOptions.Read(result);
            var realFile = result.GetValue(real)!;
            var syntheticFile = result.GetValue(synthetic)!;
            var realTable = TableFile.Read(realFile.FullName, read);
            var syntheticTable = TableFile.Read(syntheticFile.FullName, read);
            var holdoutTable = result.GetValue(holdout) is { } h ? TableFile.Read(h.FullName, read) : null;
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
