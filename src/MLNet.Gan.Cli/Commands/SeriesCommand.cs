using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MLNet.Gan.Backtesting;
using MLNet.Gan.IO;
using MLNet.Gan.Report;
using MLNet.Gan.Sequences;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli.Commands;

/// <summary><c>mlnet-gan series fit|sample|evaluate</c>: generators of market return paths and their stylized facts.</summary>
public static class SeriesCommand
{
    /// <summary>Creates the command group.</summary>
    public static Command Create()
    {
        var series = new Command("series", "Market return series: fit a generator (a temporal convolutional GAN, or GARCH(1,1)-t), sample paths of any length, evaluate stylized facts, backtest risk forecasts.");
        series.Subcommands.Add(Fit());
        series.Subcommands.Add(Sample());
        series.Subcommands.Add(Evaluate());
        series.Subcommands.Add(SeriesBacktestCommand.Create());
        return series;
    }

    private static Command Fit()
    {
        var data = new Option<FileInfo>("--data") { Description = "CSV (.csv or .csv.gz) of returns (or prices with --prices), one column per asset.", Required = true };
        var generator = new Option<string>("--generator") { Description = "gan: a temporal convolutional GAN (Quant GANs); garch: GARCH(1,1) with Student-t innovations by maximum likelihood (several assets: constant conditional correlations).", DefaultValueFactory = _ => "gan" };
        generator.AcceptOnlyFromAmong("gan", "garch");
        var steps = new Option<int>("--steps") { Description = "GAN training steps.", DefaultValueFactory = _ => new SeriesGanOptions().Steps };
        var factsWeight = new Option<float>("--facts-weight") { Description = "GAN: weight of the stylized-facts loss beside the adversarial one (0: adversarial only).", DefaultValueFactory = _ => new SeriesGanOptions().FactsWeight };
        var layers = new Option<int>("--layers") { Description = "GAN: dilated layers of the generator; each day depends on the last 2^layers days.", DefaultValueFactory = _ => new SeriesGanOptions().Layers };
        var learningRate = new Option<float>("--learning-rate") { Description = "GAN: Adam's learning rate for both networks.", DefaultValueFactory = _ => new SeriesGanOptions().LearningRate };
        var window = new Option<int>("--window") { Description = "GAN: days per training window.", DefaultValueFactory = _ => new SeriesGanOptions().WindowLength };
        var batch = new Option<int>("--batch-size") { Description = "GAN: windows per training step.", DefaultValueFactory = _ => new SeriesGanOptions().BatchSize };
        var checkpointPaths = new Option<int>("--checkpoint-paths") { Description = "GAN: paths of the series' length scored against the real stylized facts every 50 steps of the second half of training; the closest checkpoint's generator is kept (0: the last step's).", DefaultValueFactory = _ => new SeriesGanOptions().CheckpointPaths };
        var seed = new Option<long>("--seed") { Description = "GAN seed: the same data, options and seed give the same model.", DefaultValueFactory = _ => 0 };
        var threads = ThreadsOption.Create();
        var validation = new Option<double>("--validation") { Description = "GAN: the share of the period's last days held out of training to choose the checkpoint on (0: score checkpoints on the training days).", DefaultValueFactory = _ => new SeriesGanOptions().ValidationFraction };
        var metric = new Option<string?>("--checkpoint-metric") { Description = "GAN: what checkpoints are scored by on the held-out days: forecast (FZ0 loss of the one-day 97.5 % VaR and ES; the default for one asset) or facts (the stylized facts; the default for several)." };
        metric.AcceptOnlyFromAmong("forecast", "facts");
        var model = new Option<FileInfo>("--model") { Description = "Where to write the model (JSON).", Required = true };
        var input = new SeriesInput(period: true);
        var command = new Command("fit", "Fit a generator of return paths to a series (or to the period --from … --until of it).");
        foreach (var o in new Option[] { data, generator, steps, factsWeight, layers, learningRate, window, batch, checkpointPaths, validation, metric, seed, threads, model })
        {
            command.Options.Add(o);
        }

        input.AddTo(command);
        command.SetAction(result =>
        {
            // every option is validated (by SeriesGanOptions) before the series is read
            ThreadsOption.Apply(result, threads);
            var options = new SeriesGanOptions
            {
                Steps = result.GetValue(steps), Seed = result.GetValue(seed), FactsWeight = result.GetValue(factsWeight), Layers = result.GetValue(layers),
                LearningRate = result.GetValue(learningRate), WindowLength = result.GetValue(window), BatchSize = result.GetValue(batch), CheckpointPaths = result.GetValue(checkpointPaths),
                ValidationFraction = result.GetValue(validation),
                CheckpointMetric = result.GetValue(metric) switch { "forecast" => SeriesCheckpointMetric.Forecast, "facts" => SeriesCheckpointMetric.StylizedFacts, _ => null },
            };
            OptionNames.Validate(options.Validate, ("Steps", "--steps"), ("FactsWeight", "--facts-weight"), ("Layers", "--layers"), ("LearningRate", "--learning-rate"),
                ("WindowLength", "--window"), ("BatchSize", "--batch-size"), ("CheckpointPaths", "--checkpoint-paths"), ("ValidationFraction", "--validation"), ("CheckpointMetric", "--checkpoint-metric"));
            input.Check(result);
            var real = input.Read(result, result.GetValue(data)!);
            if (result.GetValue(generator) == "gan")
            {
                OptionNames.Validate(() => options.Validate(real.Length), ("ValidationFraction", "--validation"), ("WindowLength", "--window"));
            }
            if (result.GetValue(generator) == "gan")
            {
                int held = options.ValidationDays(real.Length);
                Console.Error.WriteLine($"Training the sequence GAN on {real.Assets.Count} asset(s) × {real.Length - held:N0} days{(held > 0 ? $" (the last {held:N0} of the {real.Length:N0} held out to choose the checkpoint on)" : "")}: {options.Steps:N0} steps, windows of {options.WindowLength} days, receptive field {1 << options.Layers} days, {MLNet.Gan.Compute.ComputeSettings.Threads} threads.");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                options.Progress = new SynchronousProgress<SeriesGanProgress>(p => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  step {p.Step:N0}/{p.Steps:N0}  discriminator {p.DiscriminatorLoss:F4}  generator {p.GeneratorLoss:F4}  facts {p.FactsLoss:F4}{(p.CheckpointScore is double c ? $"  checkpoint {c:F3}" : "")}  {p.Elapsed:mm\\:ss} elapsed, {p.Remaining:mm\\:ss} left")));
                var gan = TrainingDisplay.CancelOnCtrlC(token => new SeriesGan(options).Fit(real, token));
                for (int i = 0; i < real.Assets.Count; i++)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {real.Assets[i]}: innovations' Lambert W tails delta {gan.Transforms[i].LeftTail:F4} below 0, {gan.Transforms[i].RightTail:F4} above (from the GARCH(1,1)-t residuals)"));
                }

                if (gan.NoCheckpointScored)
                {
                    Console.Error.WriteLine($"  no checkpoint could be scored (undefined stylized facts, or forecasts that were not losses, at every checkpoint): kept the last step's generator");
                }
                else if (gan.TrainingStep < options.Steps)
                {
                    Console.Error.WriteLine($"  kept the generator of step {gan.TrainingStep:N0}: its checkpoint score{(held > 0 ? " on the held-out days" : "")} was the lowest");
                }

                if (held > 0 && real.Assets.Count == 1)
                {
                    HeldOutBacktest(gan, real.Returns[0]);
                }

                gan.Save(result.GetValue(model)!.FullName);
                Console.Error.WriteLine($"Saved {result.GetValue(model)!.FullName} ({clock.Elapsed.TotalMinutes:F1} min).");
                return 0;
            }

            Console.Error.WriteLine($"Fitting GARCH(1,1)-t to {real.Assets.Count} asset(s) × {real.Length:N0} days.");
            var fitted = GarchSeriesModel.Fit(real);
            for (int a = 0; a < real.Assets.Count; a++)
            {
                var m = fitted.Models[a];
                var p = m.Parameters;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {real.Assets[a]}: mu {p.Mu:E4}  omega {p.Omega:E4}  alpha {p.Alpha:F5}  beta {p.Beta:F5}  nu {p.Nu:F3}  log-likelihood {m.LogLikelihood:F2}"));
            }

            fitted.Save(result.GetValue(model)!.FullName);
            Console.Error.WriteLine($"Saved {result.GetValue(model)!.FullName}.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The kept generator's one-day 97.5 % VaR and ES on the held-out days, the generator filtered from the first day: what
    /// its forecasts would have done on days it never learned from. A filter that lost the volatility there (σ at its floor,
    /// the VaR near the drift) is exceeded on a large share of days; such a model still generates paths, but its forecasts
    /// are not to be used, and the user is told so rather than finding out in a backtest.
    /// </summary>
    private static void HeldOutBacktest(SeriesGanModel gan, double[] returns)
    {
        const double Tail = 0.025;
        var forecast = RiskForecasters.SeriesGan(gan, returns, gan.TrainingDays, Tail);
        var b = RiskBacktest.Run(returns, [forecast])[0];
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  held-out days {gan.TrainingDays + 1:N0}–{returns.Length:N0}: its one-day 97.5 % VaR was exceeded on {b.Exceedances:N0} of {b.Days:N0} days ({b.Days * Tail:0.#} expected; Kupiec p {b.Kupiec.PValue:0.000}), FZ0 {(double.IsNaN(b.Fz0) ? "undefined (its ES is not below its VaR on every day)" : b.Fz0.ToString("0.0000", CultureInfo.InvariantCulture))}"));
        if (b.Exceedances > 2 * b.Days * Tail && b.Kupiec.PValue < 0.01)
        {
            Console.Error.WriteLine($"  warning: its forecasts fail on the held-out days ({100.0 * b.Exceedances / b.Days:0}% of days below the VaR): the filter lost the volatility there. Do not use this model for risk forecasts; fit again with another --seed.");
        }
    }

    private static Command Sample()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model written by series fit.", Required = true };
        var length = new Option<int>("--length") { Description = "Days per path.", Required = true };
        var paths = new Option<int>("--paths") { Description = "Paths to generate.", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Seed of the first path (path k uses seed + k).", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo>("--out") { Description = "Output file (.csv, .csv.gz or .parquet): path, day, one column per asset (written atomically).", Required = true };
        var command = new Command("sample", "Generate return paths of any length.");
        foreach (var o in new Option[] { model, length, paths, seed, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(result =>
        {
            int days = FitCommand.Positive(result.GetValue(length), "--length");
            int count = FitCommand.Positive(result.GetValue(paths), "--paths");
            OptionNames.Validate(() => TableFile.CheckWritable(result.GetValue(output)!.FullName), ("path", "--out"));
            var fitted = SeriesModels.Load(result.GetValue(model)!.FullName);
            var generated = Enumerable.Range(0, count).Select(k => fitted.Generate(days, result.GetValue(seed) + k)).ToList();
            WritePaths(result.GetValue(output)!.FullName, generated);
            Console.Error.WriteLine($"Wrote {count} path(s) × {days:N0} days of {string.Join(", ", fitted.Assets)} to {result.GetValue(output)!.FullName}.");
            return 0;
        });
        return command;
    }

    private static Command Evaluate()
    {
        var real = new Option<FileInfo>("--real") { Description = "The real series (CSV), read as series fit reads it.", Required = true };
        var synthetic = new Option<FileInfo>("--synthetic") { Description = "Generated paths: a CSV with a 'path' column (as series sample writes) or one path.", Required = true };
        var json = new Option<FileInfo?>("--json") { Description = "Write every fact, curve and quantile as JSON." };
        var report = new Option<FileInfo?>("--report") { Description = "Write an HTML report with charts (opens offline)." };
        var input = new SeriesInput(period: true);
        var command = new Command("evaluate", "Stylized facts of generated paths against the real series: tails, autocorrelations, leverage, value-at-risk, cross-correlations.");
        foreach (var o in new Option[] { real, synthetic, json, report })
        {
            command.Options.Add(o);
        }

        input.AddTo(command);
        command.SetAction(result =>
        {
            input.Check(result);
            var realSeries = input.Read(result, result.GetValue(real)!);
            var paths = ReadPaths(result.GetValue(synthetic)!.FullName, realSeries.Assets);
            var evaluation = SeriesEvaluation.Run(realSeries, paths);
            Console.WriteLine($"{paths.Count} generated path(s) × {paths[0].Length:N0} days against {realSeries.Length:N0} real days.");
            Console.WriteLine();
            Console.WriteLine("| asset | stylized fact | real | generated (mean of paths) | distance |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var row in evaluation.Rows())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Asset} | {row.Fact} | {row.Real:0.0000} | {row.Generated:0.0000} | {row.Distance:0.0000} |"));
            }

            Console.WriteLine();
            for (int a = 0; a < realSeries.Assets.Count; a++)
            {
                var (lag, realValue, generatedValue) = evaluation.LargestReturnAutocorrelationGap(a);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{realSeries.Assets[a]}: the autocorrelation of returns at lags 1–20 is furthest from the real one at lag {lag}: {generatedValue:0.0000} generated against {realValue:0.0000} (gap {Math.Abs(generatedValue - realValue):0.0000})."));
            }

            if (result.GetValue(json) is { } jsonFile)
            {
                AtomicFile.Write(jsonFile.FullName, s => s.Write(System.Text.Encoding.UTF8.GetBytes(evaluation.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }))));
                Console.Error.WriteLine($"Wrote {jsonFile.FullName}.");
            }

            if (result.GetValue(report) is { } reportFile)
            {
                SeriesReport.Write(reportFile.FullName, evaluation, Path.GetFileName(result.GetValue(real)!.FullName), Path.GetFileName(result.GetValue(synthetic)!.FullName));
                Console.Error.WriteLine($"Wrote {reportFile.FullName}.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>path, day, assets…: one row per day of each path.</summary>
    internal static void WritePaths(string file, IReadOnlyList<ReturnSeries> paths)
    {
        var assets = paths[0].Assets;
        var path = new List<double>();
        var day = new List<double>();
        var values = assets.Select(_ => new List<double>()).ToArray();
        for (int k = 0; k < paths.Count; k++)
        {
            for (int t = 0; t < paths[k].Length; t++)
            {
                path.Add(k);
                day.Add(t + 1);
                for (int a = 0; a < assets.Count; a++)
                {
                    values[a].Add(paths[k].Returns[a][t]);
                }
            }
        }

        TableFile.Write([new Table([new NumericColumn("path", [.. path]), new NumericColumn("day", [.. day]), .. assets.Select((name, a) => new NumericColumn(name, [.. values[a]]))])], file);
    }

    /// <summary>The paths of a generated CSV: split by its 'path' column (ordered by 'day' within a path), each with the real assets.</summary>
    internal static IReadOnlyList<ReturnSeries> ReadPaths(string file, IReadOnlyList<string> assets)
    {
        var table = CsvTable.Read(file, new CsvReadOptions { DropRowIndex = false, MaxCategories = int.MaxValue });
        string source = Path.GetFileName(file);
        if (!table.Contains("path"))
        {
            return [ReturnSeries.FromTable(table, new SeriesReadOptions { Assets = [.. assets] }, source)];
        }

        if (table["path"] is not NumericColumn ids)
        {
            throw new DataFormatException("the 'path' column must hold path numbers.", source, column: "path");
        }

        var result = new List<ReturnSeries>();
        foreach (var group in Enumerable.Range(0, table.RowCount).GroupBy(r => ids.Values[r]).OrderBy(g => g.Key))
        {
            var part = table.Select([.. group]).Drop("path");
            result.Add(ReturnSeries.FromTable(part, new SeriesReadOptions { Assets = [.. assets] }, $"{source} (path {group.Key})"));
        }

        return result;
    }
}
