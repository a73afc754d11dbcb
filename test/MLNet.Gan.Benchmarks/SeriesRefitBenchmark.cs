using System.Globalization;
using MLNet.Gan.Backtesting;
using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The sequence GAN refitted every EVERY days on the S&amp;P 500's test period (days 12,001–17,055), beside GARCH(1,1)-t
/// refitted on the same days and both fitted once on days 1–12,000: the GAN for the block starting on day s is fitted with
/// its defaults (training seed SEED) on days 1 … s − 1, choosing its checkpoint on the last 20 % of them; the GAN forecasts
/// with its own innovation law and by filtered historical simulation on its filter (1,000 days), fitted once and refitted. A fit takes minutes,
/// so each block's model is saved in DIR as it is made and an interrupted run goes on from the first missing block.
/// Training is bit-identical whatever the thread count, so two seeds can run side by side on one thread each.
/// </summary>
internal static class SeriesRefitBenchmark
{
    private const int TrainingDays = 12000;

    public static void Run(int seed, int every, string folder, int threads)
    {
        ComputeSettings.Threads = threads;
        Directory.CreateDirectory(folder);
        var sp500 = SeriesBenchmark.Sp500();
        var returns = sp500.Returns[0];
        var options = new SeriesGanOptions { Seed = seed };
        var models = new List<SeriesGanModel>();
        Console.WriteLine($"S&P 500: the GAN (defaults, seed {seed}) refitted every {every} days from day {TrainingDays + 1:N0}; models in {folder}; {ComputeSettings.Path}, {threads} thread(s)");
        for (int start = TrainingDays; start < returns.Length; start += every)
        {
            string path = Path.Combine(folder, $"seed{seed}-every{every}-from{start + 1}.json");
            if (File.Exists(path))
            {
                models.Add((SeriesGanModel)SeriesModels.Load(path));
                continue;
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var model = new SeriesGan(options).Fit(sp500.Days(1, start));
            model.Save(path);
            models.Add(model);
            Console.WriteLine($"  block from day {start + 1:N0}: fitted on days 1–{start:N0} (checkpoint chosen on {start - model.ValidationDays + 1:N0}–{start:N0}), kept step {model.TrainingStep}, {clock.Elapsed.TotalMinutes:F1} min");
        }

        var once = models[0];
        var garch = GarchModel.Fit([.. returns.Take(TrainingDays)]);
        int crash = Array.IndexOf(returns, returns.Min());
        var october = new HashSet<int>(Enumerable.Range(crash - 12, 22));
        Console.WriteLine();
        Console.WriteLine("| level | days | forecaster | exceedances | Kupiec p | Christoffersen ind. p | FZ0 | DM vs GARCH fitted once (p) | DM vs GARCH refitted (p) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (double p in new[] { 0.01, 0.025 })
        {
            var forecasts = new[]
            {
                RiskForecasters.Garch(garch, returns, TrainingDays, p),
                RiskForecasters.GarchRefitted(returns, TrainingDays, p, every),
                RiskForecasters.SeriesGan(once, returns, TrainingDays, p),
                RiskForecasters.SeriesGanRefitted(models, returns, TrainingDays, p, every),
                RiskForecasters.SeriesGanFilteredHistorical(once, returns, TrainingDays, p),
                RiskForecasters.SeriesGanRefitted(models, returns, TrainingDays, p, every, window: 1000),
            };
            foreach (var (label, keep) in new[] { ("all test days", (Func<int, bool>)(_ => true)), ("without October 1987", t => !october.Contains(t)) })
            {
                var (series, sub) = SeriesBacktestBenchmark.Keep(returns, TrainingDays, forecasts, keep);
                var againstOnce = RiskBacktest.Run(series, sub);
                var againstRefitted = RiskBacktest.Run(series, [sub[1], sub[0], .. sub[2..]]);
                for (int i = 0; i < sub.Length; i++)
                {
                    var b = againstOnce[i];
                    var r = i == 1 ? null : againstRefitted[i == 0 ? 1 : i].AgainstReference;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {1 - p:0.###} | {label} | {b.Forecaster} | {b.Exceedances} of {b.ExpectedExceedances:0.#} | {b.Kupiec.PValue:0.000} | {b.Independence.PValue:0.000} | {b.Fz0:0.0000} | {Dm(b.AgainstReference)} | {Dm(r)} |"));
                }
            }
        }
    }

    internal static string Dm(BacktestResult? dm) => dm is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{dm.Statistic:0.00} ({dm.PValue:0.000})");
}
