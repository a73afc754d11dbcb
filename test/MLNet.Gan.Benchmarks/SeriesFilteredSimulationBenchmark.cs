using System.Globalization;
using MLNet.Gan.Backtesting;
using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The sequence GAN's one-day VaR and ES with its own innovation law W_δ(Z) against filtered historical simulation on
/// its filter (the empirical tail of its filtered innovations over the last 1,000 days), for training seeds FIRST..LAST
/// fitted with the defaults on days 1–12,000 of the S&amp;P 500. The choice between the two is made per seed on the
/// validation days 9,601–12,000 (the lower FZ0 at 97.5 %, the checkpoint's own criterion) before the test days
/// 12,001–17,055 are run once, beside GARCH(1,1)-t and filtered historical simulation on GARCH's filter; of the seeds,
/// the one whose chosen forecaster has the lowest validation FZ0 is locked and its test rows printed last. Models are kept in
/// DIR under the names <see cref="SeriesRefitBenchmark"/> gives its first block, so either benchmark reuses the other's fits.
/// </summary>
internal static class SeriesFilteredSimulationBenchmark
{
    private const int TrainingDays = 12000, ValidationFrom = 9600;

    public static void Run(int firstSeed, int lastSeed, string folder, int threads)
    {
        ComputeSettings.Threads = threads;
        Directory.CreateDirectory(folder);
        var sp500 = SeriesBenchmark.Sp500();
        var returns = sp500.Returns[0];
        double[] trainingReturns = [.. returns.Take(TrainingDays)];
        var garch = GarchModel.Fit(trainingReturns);
        int crash = Array.IndexOf(returns, returns.Min());
        var october = new HashSet<int>(Enumerable.Range(crash - 12, 22));
        Console.WriteLine($"S&P 500: the GAN's own tail against FHS on its filter; seeds {firstSeed}–{lastSeed}; models in {folder}; {ComputeSettings.Path}, {threads} thread(s)");
        Console.WriteLine("| seed | level | days | forecaster | exceedances | Kupiec p | Christoffersen ind. p | FZ0 | DM vs GARCH (p) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var choices = new List<(int Seed, string Forecaster, double ValidationFz0, List<string> Test)>();
        for (int seed = firstSeed; seed <= lastSeed; seed++)
        {
            string path = Path.Combine(folder, $"seed{seed}-every250-from{TrainingDays + 1}.json");
            SeriesGanModel gan;
            if (File.Exists(path))
            {
                gan = (SeriesGanModel)SeriesModels.Load(path);
            }
            else
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                gan = new SeriesGan(new SeriesGanOptions { Seed = seed }).Fit(sp500.Days(1, TrainingDays));
                gan.Save(path);
                Console.WriteLine($"  seed {seed}: fitted in {clock.Elapsed.TotalMinutes:F1} min, kept step {gan.TrainingStep}");
            }

            var validationFz0 = new double[2];
            var testLines = new List<string>[] { [], [] };
            foreach (double p in new[] { 0.01, 0.025 })
            {
                // validation: the filter runs over days 1–12,000 only; GARCH here is in sample, printed for scale
                var validation = new[]
                {
                    RiskForecasters.Garch(garch, trainingReturns, ValidationFrom, p),
                    RiskForecasters.SeriesGan(gan, trainingReturns, ValidationFrom, p),
                    RiskForecasters.SeriesGanFilteredHistorical(gan, trainingReturns, ValidationFrom, p),
                };
                var scored = RiskBacktest.Run(trainingReturns, validation);
                Print(seed, p, "validation 9,601–12,000", scored);
                if (p == 0.025)
                {
                    // the checkpoint's own criterion; an undefined FZ0 (NaN) never wins
                    (validationFz0[0], validationFz0[1]) = (Finite(scored[1].Fz0), Finite(scored[2].Fz0));
                }

                var test = new[]
                {
                    RiskForecasters.Garch(garch, returns, TrainingDays, p),
                    RiskForecasters.SeriesGan(gan, returns, TrainingDays, p),
                    RiskForecasters.SeriesGanFilteredHistorical(gan, returns, TrainingDays, p),
                    RiskForecasters.FilteredHistoricalSimulation(garch, returns, TrainingDays, p),
                };
                var tested = RiskBacktest.Run(returns, test);
                Print(seed, p, "test 12,001–17,055", tested);
                var (series, sub) = SeriesBacktestBenchmark.Keep(returns, TrainingDays, test, t => !october.Contains(t));
                var withoutOctober = RiskBacktest.Run(series, sub);
                Print(seed, p, "test without October 1987", withoutOctober);
                for (int k = 0; k < 2; k++)
                {
                    testLines[k].Add(Line(seed, p, "test 12,001–17,055", tested[1 + k]));
                    testLines[k].Add(Line(seed, p, "test without October 1987", withoutOctober[1 + k]));
                }
            }

            int pick = validationFz0[1] < validationFz0[0] ? 1 : 0;
            choices.Add((seed, pick == 1 ? "filtered historical simulation on its filter" : "its own innovation law", validationFz0[pick], testLines[pick]));
        }

        // the seed and forecaster are chosen on the validation days only; their test rows are the ones to publish
        foreach (var c in choices)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {c.Seed}: chosen on the validation days: {c.Forecaster} (FZ0 at 97.5 % {c.ValidationFz0:0.0000})"));
        }

        var chosen = choices.MinBy(c => c.ValidationFz0);
        Console.WriteLine($"chosen and locked: seed {chosen.Seed}, {chosen.Forecaster}; its test rows (GARCH(1,1)-t is the DM reference):");
        chosen.Test.ForEach(Console.WriteLine);
    }

    private static double Finite(double fz0) => double.IsFinite(fz0) ? fz0 : double.PositiveInfinity;

    private static string Line(int seed, double p, string days, ForecastBacktest b)
    {
        return string.Create(CultureInfo.InvariantCulture,
            $"| {seed} | {1 - p:0.###} | {days} | {b.Forecaster} | {b.Exceedances} of {b.Days * p:0.#} | {b.Kupiec.PValue:0.000} | {b.Independence.PValue:0.000} | {b.Fz0:0.0000} | {SeriesRefitBenchmark.Dm(b.AgainstReference)} |");
    }

    private static void Print(int seed, double p, string days, IReadOnlyList<ForecastBacktest> results)
    {
        foreach (var b in results)
        {
            Console.WriteLine(Line(seed, p, days, b));
        }
    }
}
