using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Backtesting;
using MLNet.Gan.IO;
using MLNet.Gan.Report;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// <c>mlnet-gan series backtest</c>: one-day-ahead value-at-risk and expected-shortfall forecasts for
/// every day from a start day, made from the days before each, and the backtests a risk desk runs on
/// them (and of multi-day returns on non-overlapping blocks, by simulation), for GARCH(1,1)-t (fitted on the days before the start), the baselines beside it and, with
/// --model, a sequence GAN filtered through the series.
/// </summary>
internal static class SeriesBacktestCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "CSV of one asset's returns (or prices with --prices), read as series fit reads it.", Required = true };
        var from = new Option<int>("--from") { Description = "The first test day (1-based, in the series' order): every model is fitted on the days before it.", Required = true };
        var levels = new Option<string>("--levels") { Description = "Comma-separated confidence levels of the value-at-risk and expected shortfall.", DefaultValueFactory = _ => "0.99,0.975" };
        var refitEvery = new Option<int>("--refit-every") { Description = "Refit GARCH on every day before each block of this many test days (0: fitted once, on the days before --from).", DefaultValueFactory = _ => 0 };
        var horizon = new Option<int>("--horizon") { Description = "Also backtest the VaR and ES of the return over this many days, simulated from each block's filtered state, on non-overlapping blocks of the test days (0: none).", DefaultValueFactory = _ => 10 };
        var paths = new Option<int>("--paths") { Description = "Paths simulated per block for the multi-day forecasts.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated paths.", DefaultValueFactory = _ => 0 };
        var window = new Option<int>("--window") { Description = "Days of history of the historical simulations.", DefaultValueFactory = _ => 1000 };
        var json = new Option<FileInfo?>("--json") { Description = "Write every forecaster's statistics, p-values and sources as JSON." };
        var report = new Option<FileInfo?>("--report") { Description = "Write an HTML report: the tables, and the returns against every forecaster's value-at-risk with the exceedances marked (opens offline)." };
        var model = new Option<FileInfo?>("--model") { Description = "A sequence GAN written by series fit (one asset, fitted on days before --from): filtered through the series, it forecasts beside the desk's models and is the first row." };
        var input = new SeriesInput();
        var command = new Command("backtest", "Backtest one-day-ahead VaR and ES forecasts of GARCH(1,1)-t, EWMA, historical and filtered historical simulation on the days from --from: Kupiec, Christoffersen, the Basel traffic light, the dynamic quantile test, pinball and FZ0 losses, Diebold-Mariano.");
        foreach (var o in new Option[] { data, from, levels, refitEvery, horizon, paths, seed, window, model, json, report })
        {
            command.Options.Add(o);
        }

        input.AddTo(command);

        command.SetAction(result =>
        {
            // every option is checked before the series is read
            double[] tails = [.. DataOptions.List(result.GetValue(levels)).Select(text =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double level) && level is > 0 and < 1
                    ? 1 - level
                    : throw new ArgumentException($"--levels must be numbers in (0, 1) (got '{text}')."))];
            if (tails.Length == 0)
            {
                throw new ArgumentException("--levels needs at least one level.");
            }

            int every = result.GetValue(refitEvery);
            if (every < 0)
            {
                throw new ArgumentException($"--refit-every must be at least 0 (got {every}).");
            }

            int days = FitCommand.Positive(result.GetValue(window), "--window");
            int blockDays = result.GetValue(horizon);
            if (blockDays is < 0 or > 250)
            {
                throw new ArgumentException($"--horizon must be between 0 (none) and 250 days (got {blockDays}).");
            }

            int simulated = result.GetValue(paths);
            if (blockDays > 0 && simulated * tails.Min() < 1)
            {
                throw new ArgumentException($"--paths {simulated} leaves no simulated path in the {tails.Min() * 100:0.###} % tail: give at least {Math.Ceiling(1 / tails.Min()):0}.");
            }

            int start = result.GetValue(from);
            input.Check(result);
            var gan = result.GetValue(model) is { } modelFile ? LoadGan(modelFile) : null;
            var series = input.Read(result, result.GetValue(data)!);
            if (series.Assets.Count != 1)
            {
                throw new ArgumentException($"series backtest forecasts one asset; the data has {series.Assets.Count} ({string.Join(", ", series.Assets)}): pick one with --columns.");
            }

            int least = Math.Max(days, 100);
            if (start - 1 < least || start > series.Length - 250 + 1)
            {
                throw new ArgumentException($"--from must leave at least {least:N0} days before it (GARCH's fit and the historical window) and 250 test days after it, in the {series.Length:N0} days: between {least + 1:N0} and {series.Length - 249:N0} (got {start:N0}).");
            }

            if (gan is not null)
            {
                CheckOutOfSample(gan, series, start);
            }

            var returns = series.Returns[0];
            var document = new JsonArray();
            var pages = new List<BacktestReport.Level>();
            string description = $"{series.Assets[0]}: models fitted on days 1–{start - 1:N0}{(gan is not null ? $" (the GAN learned from days 1–{gan.TrainingDays:N0} and chose its checkpoint on days {gan.TrainingDays + 1:N0}–{gan.TrainingDays + gan.ValidationDays:N0})" : "")}, one-day-ahead forecasts for days {start:N0}–{series.Length:N0} ({series.Length - start + 1:N0} days){(every > 0 ? $", GARCH refitted every {every} days" : "")}.";
            Console.WriteLine(description);
            var garchFit = GarchModel.Fit([.. returns.Take(start - 1)]); // once, for every level and the multi-day forecasts
            foreach (double p in tails)
            {
                var forecasts = RiskForecasters.DeskForecasts(returns, start - 1, p, every, days, garchFit);
                if (gan is not null)
                {
                    forecasts = [RiskForecasters.SeriesGan(gan, returns, start - 1, p), RiskForecasters.SeriesGanFilteredHistorical(gan, returns, start - 1, p, days), .. forecasts];
                }

                var backtests = RiskBacktest.Run(returns, forecasts);
                Print(backtests);
                pages.Add(new BacktestReport.Level(forecasts, backtests));
                foreach (var b in backtests)
                {
                    document.Add(b.ToJson());
                }
            }

            var blockDocument = new JsonArray();
            if (blockDays > 0)
            {
                var blocks = HorizonBlocks.Of(returns, start - 1, blockDays);
                Console.WriteLine();
                Console.WriteLine($"{blockDays}-day returns: {blocks.Origins.Length:N0} non-overlapping blocks from day {start:N0}, each forecast from the state on its first morning by {simulated:N0} simulated paths (GARCH fitted once, on days 1–{start - 1:N0}).");
                var perModel = new List<IReadOnlyList<RiskForecast>>();
                if (gan is not null)
                {
                    perModel.Add(HorizonForecasters.SeriesGan(gan, returns, blocks, tails, simulated, result.GetValue(seed)));
                }

                perModel.Add(HorizonForecasters.Garch(garchFit, returns, blocks, tails, simulated, result.GetValue(seed)));
                for (int l = 0; l < tails.Length; l++)
                {
                    var forecasts = perModel.Select(m => m[l]).ToArray();
                    var backtests = RiskBacktest.Run(blocks.Realized, forecasts, trafficLight: false);
                    Print(backtests, $"{blockDays}-day blocks");
                    pages.Add(new BacktestReport.Level(forecasts, backtests, blocks.Realized, $"{blockDays}-day blocks"));
                    foreach (var b in backtests)
                    {
                        blockDocument.Add(b.ToJson());
                    }
                }
            }

            if (result.GetValue(json) is { } file)
            {
                var root = new JsonObject { ["asset"] = series.Assets[0], ["first_test_day"] = start, ["test_days"] = series.Length - start + 1, ["refit_every"] = every, ["backtests"] = document };
                if (blockDays > 0)
                {
                    root["horizon_days"] = blockDays;
                    root["horizon_paths"] = simulated;
                    root["horizon_backtests"] = blockDocument;
                }

                AtomicFile.Write(file.FullName, s => s.Write(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }))));
                Console.Error.WriteLine($"Wrote {file.FullName}.");
            }

            if (result.GetValue(report) is { } page)
            {
                BacktestReport.Write(page.FullName, "Risk forecasts: backtest", description, returns, pages);
                Console.Error.WriteLine($"Wrote {page.FullName}.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>The sequence GAN at <paramref name="file"/>; any other model is refused with what was found.</summary>
    private static SeriesGanModel LoadGan(FileInfo file)
    {
        var loaded = SeriesModels.Load(file.FullName);
        if (loaded is not SeriesGanModel gan)
        {
            throw new ArgumentException($"--model: '{file.Name}' holds a {loaded.Kind} model; the backtest takes a sequence GAN (it fits GARCH itself, on the days before --from).");
        }

        if (gan.Assets.Count != 1)
        {
            throw new ArgumentException($"--model: '{file.Name}' generates {gan.Assets.Count} assets ({string.Join(", ", gan.Assets)}); the backtest forecasts one series. Fit a GAN on the asset, or on the portfolio (series fit --weights).");
        }

        return gan;
    }

    /// <summary>Refuses a GAN for a different asset, or one that learned from (or chose its checkpoint on) the test days.</summary>
    private static void CheckOutOfSample(SeriesGanModel gan, ReturnSeries series, int start)
    {
        if (gan.Assets[0] != series.Assets[0])
        {
            throw new ArgumentException($"--model generates '{gan.Assets[0]}', the data's series is '{series.Assets[0]}'.");
        }

        int seen = gan.TrainingDays + gan.ValidationDays;
        if (seen == 0)
        {
            throw new ArgumentException("--model does not record the days it was fitted on (it was saved by an earlier version): refit it with series fit --until.");
        }

        if (seen > start - 1)
        {
            throw new ArgumentException($"--model was fitted on days 1–{seen:N0} but the test starts on day {start:N0}: its forecasts would be in-sample. Fit it with series fit --until {start - 1}.");
        }
    }

    private static void Print(IReadOnlyList<ForecastBacktest> backtests, string unit = "days")
    {
        var b0 = backtests[0];
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Level {b0.Level:0.###}: {b0.ExpectedExceedances:0.#} exceedances expected in {b0.Days:N0} {unit}. p-values in parentheses; traffic light: green / yellow / red 250-day windows; DM: FZ0 against the first row (negative: lower losses)."));
        Console.WriteLine();
        Console.WriteLine("| forecaster | exceedances | Kupiec | Christoffersen ind. | cond. coverage | DQ | traffic light | pinball | FZ0 | DM vs first | Z2 | Du-Escanciano U |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var b in backtests)
        {
            static string T(BacktestResult r) => string.Create(CultureInfo.InvariantCulture, $"{r.Statistic:0.00} ({r.PValue:0.000})");
            string light = b.TrafficLight is { } l ? $"{l.Green} / {l.Yellow} / {l.Red}" : "—";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {b.Forecaster} | {b.Exceedances} | {T(b.Kupiec)} | {T(b.Independence)} | {T(b.ConditionalCoverage)} | {T(b.DynamicQuantile)} | {light} | {b.Pinball:0.000000} | {b.Fz0:0.0000} | {(b.AgainstReference is { } dm ? T(dm) : "—")} | {b.AcerbiSzekely.Statistic:0.000} | {(b.ShortfallUnconditional is { } u ? T(u) : "—")} |"));
        }
    }
}
