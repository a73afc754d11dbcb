using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using MLNet.Gan.Anomaly;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// <c>mlnet-gan detect fit|score</c>: a TVAE anomaly detector learns what normal rows look like (fitted on
/// rows without labels, or on the rows known to be normal) and scores new rows, higher = more anomalous.
/// </summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var detect = new Command("detect", "Anomaly detection without labels: fit a TVAE on normal traffic, then score rows by how unlikely it finds them.");
        detect.Subcommands.Add(Fit());
        detect.Subcommands.Add(Score());
        return detect;
    }

    private static Command Fit()
    {
        var data = new Option<FileInfo>("--data") { Description = "Training rows: CSV (.csv, .csv.gz) or Parquet, read as fit reads them.", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "Where to write the detector (.zip).", Required = true };
        var ignore = new Option<string?>("--ignore") { Description = "Comma-separated columns not to learn from (a label, an identifier): they pass through scoring." };
        var contamination = new Option<double>("--contamination") { Description = "The share of training rows the threshold flags, in (0, 0.5].", DefaultValueFactory = _ => 0.01 };
        var epochs = new Option<int>("--epochs") { Description = "TVAE's training epochs.", DefaultValueFactory = _ => TvaeDefaults.Epochs };
        var score = new Option<string>("--score") { Description = "The anomaly score: elbo (TVAE's negative evidence lower bound) or reconstruction.", DefaultValueFactory = _ => "elbo" };
        score.AcceptOnlyFromAmong("elbo", "reconstruction");
        var seed = new Option<long>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 0 };
        var threads = ThreadsOption.Create();
        var dataOptions = new DataOptions();
        var command = new Command("fit", "Fit a TVAE anomaly detector on rows of normal traffic.");
        foreach (var o in new Option[] { data, model, ignore, contamination, epochs, score, seed, threads })
        {
            command.Options.Add(o);
        }

        dataOptions.AddTo(command);
        command.SetAction(result =>
        {
            // every option is checked (by TvaeAnomalyOptions) before the data is read
            ThreadsOption.Apply(result, threads);
            var read = dataOptions.Read(result);
            var options = new TvaeAnomalyOptions
            {
                Contamination = result.GetValue(contamination),
                Score = result.GetValue(score) == "reconstruction" ? TvaeAnomalyScore.Reconstruction : TvaeAnomalyScore.NegativeElbo,
                IgnoreColumnNames = [.. DataOptions.List(result.GetValue(ignore)), .. read.Label is { } label ? [label] : Array.Empty<string>()],
                Tvae = new TvaeOptions { Epochs = result.GetValue(epochs), Seed = result.GetValue(seed) },
            };
            OptionNames.Validate(options.Validate, ("Contamination", "--contamination"), ("Epochs", "--epochs"));
            string path = result.GetValue(model)!.FullName;
            var table = TableFile.Read(result.GetValue(data)!.FullName, read);
            if (table.RowCount < 2)
            {
                throw new ArgumentException($"--data: '{result.GetValue(data)!.Name}' has {table.RowCount} rows; the detector needs at least 2 to learn from.");
            }

            Console.Error.WriteLine($"Fitting the TVAE anomaly detector on {table.RowCount:N0} rows ({string.Join(", ", table.Columns.Select(c => c.Name).Where(n => !options.IgnoreColumnNames.Contains(n)))}), {options.Tvae.Epochs} epochs.");
            var detector = TrainingDisplay.Run(options.Tvae.Epochs, (progress, token) =>
            {
                options.Tvae.Progress = progress;
                return new MLContext(unchecked((int)options.Tvae.Seed)).AnomalyDetection.Trainers.Tvae(options).Fit(table.ToDataView(), token);
            });
            detector.Save(path);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Saved {path}: threshold {detector.Threshold:G6} flags {options.Contamination:P1} of the training rows."));
            return 0;
        });
        return command;
    }

    private static Command Score()
    {
        var model = new Option<FileInfo>("--model") { Description = "A detector written by detect fit.", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "Rows to score: CSV or Parquet with the columns the detector learned from.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the rows with Score and PredictedLabel (.csv, .csv.gz, .parquet).", Required = true };
        var dataOptions = new DataOptions();
        var command = new Command("score", "Score rows with a fitted detector: Score (higher = more anomalous) and PredictedLabel (above the threshold).");
        foreach (var o in new Option[] { model, data, output })
        {
            command.Options.Add(o);
        }

        dataOptions.AddTo(command);
        command.SetAction(result =>
        {
            string path = result.GetValue(output)!.FullName;
            OptionNames.Validate(() => TableFile.CheckWritable(path), ("path", "--out"));
            var read = dataOptions.Read(result);
            var detector = TvaeAnomalyTransformer.Load(result.GetValue(model)!.FullName);
            var table = TableFile.Read(result.GetValue(data)!.FullName, read);
            var names = table.Columns.Select(c => c.Name).ToHashSet();
            if (detector.ColumnNames.FirstOrDefault(c => !names.Contains(c)) is { } missing)
            {
                throw new ArgumentException($"--data: '{result.GetValue(data)!.Name}' has no column '{missing}', which the detector learned from.");
            }

            if (table.Columns.Select(c => c.Name).FirstOrDefault(n => !detector.ColumnNames.Contains(n) && n != read.Label) is { } unknown)
            {
                throw new ArgumentException($"--data: column '{unknown}' is one the detector never saw (it learned from {string.Join(", ", detector.ColumnNames)}); drop it (--drop {unknown}) or refit.");
            }

            var scored = detector.Transform(table.ToDataView()).ToTable(read.Label);
            TableFile.Write([scored], path);
            int flagged = scored["PredictedLabel"] is CategoricalColumn p ? p.Codes.Count(code => p.Categories[code] == "True") : 0;
            Console.Error.WriteLine($"Wrote {path}: {scored.RowCount:N0} rows, {flagged:N0} above the threshold.");
            return 0;
        });
        return command;
    }
}
