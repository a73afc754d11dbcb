using System.Globalization;
using MLNet.Gan.Backtesting;
using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The sequence GAN out of sample on the S&amp;P 500, over training seeds FIRST..LAST: fitted (defaults)
/// on days 1–12,000 only — it learns from days 1–9,600 and chooses its checkpoint by the FZ0 loss of its
/// 97.5 % forecasts on days 9,601–12,000 — then run once on the test days 12,001–17,055: the one-day
/// VaR/ES backtest at 99 % and 97.5 % beside GARCH(1,1)-t fitted on the same 12,000 days (with and
/// without the days of October 1987) and GARCH refitted every 250 days on every day before each block, and the unconditional facts of 5 generated paths of the test
/// period's length against the test period (out of sample) and of 12,000 days against the training
/// period (in sample), each beside GARCH's 5 paths; and the generated paths' autocorrelation of
/// returns at lags 1–20 against the whole series' and the test period's.
/// </summary>
internal static class SeriesBacktestBenchmark
{
    private const int TrainingDays = 12000, Paths = 5;

    public static void Run(int firstSeed, int lastSeed)
    {
        ComputeSettings.Threads = 2;
        var sp500 = SeriesBenchmark.Sp500();
        var training = sp500.Days(1, TrainingDays);
        var test = sp500.Days(TrainingDays + 1, sp500.Length);
        var returns = sp500.Returns[0];
        int crash = Array.IndexOf(returns, returns.Min());
        var october = new HashSet<int>(Enumerable.Range(crash - 12, 22)); // 1–30 October 1987: 12 trading days before the 19th, 9 after
        var garch = GarchSeriesModel.Fit(training);
        var garchOut = SeriesBenchmark.PathRows(test, garch);
        var garchIn = SeriesBenchmark.PathRows(training, garch);
        var refitted = new[] { 0.01, 0.025 }.ToDictionary(p => p, p => RiskForecasters.GarchRefitted(returns, TrainingDays, p, 250));
        Console.WriteLine($"S&P 500: fitted on days 1–{TrainingDays:N0}, tested on {TrainingDays + 1:N0}–{sp500.Length:N0}; October 1987 = days {october.Min() + 1:N0}–{october.Max() + 1:N0} (the crash is day {crash + 1:N0}); training seeds {firstSeed}–{lastSeed}; {Gemm.ResolvePath()}");
        var lines = new List<string>();
        var summary = new Dictionary<string, List<double>>();
        void Note(string key, double value) => (summary.TryGetValue(key, out var list) ? list : summary[key] = []).Add(value);

        for (int seed = firstSeed; seed <= lastSeed; seed++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var gan = new SeriesGan(new SeriesGanOptions { Seed = seed }).Fit(training);
            Console.WriteLine($"seed {seed}: kept step {gan.TrainingStep}, fitted in {clock.Elapsed.TotalMinutes:F1} min");
            foreach (double p in new[] { 0.01, 0.025 })
            {
                // GARCH first: the reference of the Diebold-Mariano tests (defined even when the GAN's FZ0 is not)
                var forecasts = new[] { RiskForecasters.Garch(garch.Models[0], returns, TrainingDays, p), RiskForecasters.SeriesGan(gan, returns, TrainingDays, p), refitted[p] };
                foreach (var (label, keep) in new[] { ("all test days", (Func<int, bool>)(_ => true)), ("without October 1987", t => !october.Contains(t)) })
                {
                    var (series, sub) = Keep(returns, TrainingDays, forecasts, keep);
                    var b = RiskBacktest.Run(series, sub);
                    var (r, g, rr) = (b[0], b[1], b[2]);
                    string key = $"{1 - p:0.###} {label}";
                    int undefined = sub[1].ExpectedShortfall.Zip(sub[1].ValueAtRisk).Count(d => !(d.First < 0 && d.First <= d.Second));
                    static string Dm(BacktestResult? dm) => dm is null ? "— (FZ0 undefined)" : string.Create(CultureInfo.InvariantCulture, $"{dm.Statistic:0.00} ({dm.PValue:0.000})");
                    string line = string.Create(CultureInfo.InvariantCulture,
                        $"| {seed} | {1 - p:0.###} | {label} | {g.Exceedances} / {r.Exceedances} | {g.Kupiec.PValue:0.000} / {r.Kupiec.PValue:0.000} | {g.Independence.PValue:0.000} / {r.Independence.PValue:0.000} | {g.DynamicQuantile.PValue:0.000} / {r.DynamicQuantile.PValue:0.000} | {g.Fz0:0.0000} / {r.Fz0:0.0000}{(undefined > 0 ? $" (GAN's ES not a loss below its VaR on {undefined} days)" : "")} | {g.Pinball * 1e4:0.000} / {r.Pinball * 1e4:0.000} | {Dm(g.AgainstReference)} | {g.AcerbiSzekely.Statistic:0.000} / {r.AcerbiSzekely.Statistic:0.000} | {g.ShortfallUnconditional!.PValue:0.000} / {r.ShortfallUnconditional!.PValue:0.000} | {rr.Exceedances}, {rr.Kupiec.PValue:0.000}, {rr.Fz0:0.0000}, {Dm(rr.AgainstReference)} |");
                    lines.Add(line);
                    Console.WriteLine("  " + line);
                    Note($"{key} GAN exceedances", g.Exceedances);
                    Note($"{key} GAN Kupiec p", g.Kupiec.PValue);
                    Note($"{key} GAN Christoffersen ind. p", g.Independence.PValue);
                    Note($"{key} GAN FZ0", g.Fz0);
                    Note($"{key} GARCH FZ0", r.Fz0);
                    Note($"{key} FZ0 GAN − GARCH", g.Fz0 - r.Fz0);
                    Note($"{key} DM p, GAN against GARCH", g.AgainstReference?.PValue ?? double.NaN);
                    Note($"{key} GARCH refitted every 250 days exceedances", rr.Exceedances);
                    Note($"{key} GARCH refitted every 250 days FZ0", rr.Fz0);
                    Note($"{key} FZ0 GAN − GARCH refitted", g.Fz0 - rr.Fz0);
                }
            }

            // 10-day VaR and ES by simulation from each block's filtered state, on the 505 non-overlapping blocks
            var blocks = HorizonBlocks.Of(returns, TrainingDays, 10);
            var ganBlocks = HorizonForecasters.SeriesGan(gan, returns, blocks, [0.01, 0.025], 1000, seed);
            var garchBlocks = HorizonForecasters.Garch(garch.Models[0], returns, blocks, [0.01, 0.025], 1000, seed);
            for (int l = 0; l < 2; l++)
            {
                var hb = RiskBacktest.Run(blocks.Realized, [garchBlocks[l], ganBlocks[l]], trafficLight: false);
                string key = $"10-day {1 - ganBlocks[l].P:0.###}";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {key}: exceedances GAN {hb[1].Exceedances} / GARCH {hb[0].Exceedances} of {hb[0].ExpectedExceedances:0.#} expected; Kupiec p {hb[1].Kupiec.PValue:0.000} / {hb[0].Kupiec.PValue:0.000}; FZ0 {hb[1].Fz0:0.0000} / {hb[0].Fz0:0.0000}; DM GAN vs GARCH {(hb[1].AgainstReference is { } d ? $"{d.Statistic:0.00} ({d.PValue:0.000})" : "—")}"));
                Note($"{key} GAN exceedances", hb[1].Exceedances);
                Note($"{key} GARCH exceedances", hb[0].Exceedances);
                Note($"{key} GAN Kupiec p", hb[1].Kupiec.PValue);
                Note($"{key} GARCH Kupiec p", hb[0].Kupiec.PValue);
                Note($"{key} FZ0 GAN − GARCH", hb[1].Fz0 - hb[0].Fz0);
                Note($"{key} DM p, GAN against GARCH", hb[1].AgainstReference?.PValue ?? double.NaN);
            }

            // unconditional facts, out of sample and in sample, beside GARCH's paths
            var ganOut = SeriesBenchmark.PathRows(test, gan);
            var ganIn = SeriesBenchmark.PathRows(training, gan);
            int closerOut = Closer(ganOut, garchOut), closerIn = Closer(ganIn, garchIn);
            Note("facts rows closer than GARCH, out of sample", closerOut);
            Note("facts rows closer than GARCH, in sample", closerIn);
            Console.WriteLine($"  facts: closer than GARCH on {closerOut} of {ganOut.Count} rows out of sample, {closerIn} of {ganIn.Count} in sample");
            foreach (var (i, row) in ganOut.Index())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {row.Fact}: test {row.Real:0.0000}, GAN {row.Generated:0.0000}, GARCH {garchOut[i].Generated:0.0000}; in sample: training {ganIn[i].Real:0.0000}, GAN {ganIn[i].Generated:0.0000}, GARCH {garchIn[i].Generated:0.0000}"));
            }

            // the autocorrelation of returns at lags 1–20 of each generated path against the whole series and the test period
            var wholeAcf = StylizedFacts.Of(sp500.Returns[0]).ReturnAutocorrelation;
            var testAcf = StylizedFacts.Of(test.Returns[0]).ReturnAutocorrelation;
            double worstWhole = 0, worstTest = 0;
            for (int k = 0; k < Paths; k++)
            {
                var acf = StylizedFacts.Of(gan.Generate(sp500.Length, k).Returns[0]).ReturnAutocorrelation;
                var acfTest = StylizedFacts.Of(gan.Generate(test.Length, k).Returns[0]).ReturnAutocorrelation;
                for (int lag = 0; lag < StylizedFacts.LjungBoxLags; lag++)
                {
                    worstWhole = Math.Max(worstWhole, Math.Abs(acf[lag] - wholeAcf[lag]));
                    worstTest = Math.Max(worstTest, Math.Abs(acfTest[lag] - testAcf[lag]));
                }
            }

            Note("largest acf r gap lags 1–20, whole series", worstWhole);
            Note("largest acf r gap lags 1–20, test period", worstTest);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  acf of returns, lags 1–20, every path: largest gap {worstWhole:0.000} to the whole series, {worstTest:0.000} to the test period"));
        }

        Console.WriteLine();
        Console.WriteLine("| seed | level | days | exceedances GAN / GARCH | Kupiec p | Christoffersen ind. p | DQ p | FZ0 | pinball ×10⁴ | DM GAN vs GARCH fitted once (p; negative: the GAN's FZ0 lower) | Acerbi–Székely Z2 | Du–Escanciano U p | GARCH refitted every 250 days: exceedances, Kupiec p, FZ0, DM vs GARCH fitted once (p) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        lines.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("| figure | mean ± s.d. over seeds | per seed |");
        Console.WriteLine("|---|---|---|");
        foreach (var (key, values) in summary)
        {
            // a seed whose figure is undefined (NaN: a GAN whose ES was not a loss on some day) is left out of the mean, and counted
            var defined = values.Where(double.IsFinite).ToArray();
            double mean = defined.Length > 0 ? defined.Average() : double.NaN, sd = defined.Length > 1 ? Math.Sqrt(defined.Sum(v => (v - mean) * (v - mean)) / (defined.Length - 1)) : 0;
            string over = defined.Length == values.Count ? "" : $" ({defined.Length} of {values.Count} seeds defined)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {mean:0.0000} ± {sd:0.0000}{over} | {string.Join(", ", values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)))} |"));
        }
    }

    /// <summary>The test days (from <paramref name="from"/> on) that <paramref name="keep"/> keeps, and each forecast on those days only.</summary>
    internal static (double[] Returns, RiskForecast[] Forecasts) Keep(double[] returns, int from, IReadOnlyList<RiskForecast> forecasts, Func<int, bool> keep)
    {
        var kept = Enumerable.Range(from, returns.Length - from).Where(keep).ToArray();
        var sub = forecasts.Select(f => f with
        {
            From = 0,
            ValueAtRisk = [.. kept.Select(t => f.ValueAtRisk[t - from])],
            ExpectedShortfall = [.. kept.Select(t => f.ExpectedShortfall[t - from])],
            Volatility = [.. kept.Select(t => f.Volatility[t - from])],
            Probability = f.Probability is null ? null : [.. kept.Select(t => f.Probability[t - from])],
        }).ToArray();
        return ([.. kept.Select(t => returns[t])], sub);
    }

    /// <summary>Rows where the GAN's mean is closer to the real value than GARCH's.</summary>
    private static int Closer(IReadOnlyList<FactRow> gan, IReadOnlyList<FactRow> garch) => gan.Zip(garch).Count(p => p.First.Distance < p.Second.Distance);
}
