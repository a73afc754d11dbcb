using System.Diagnostics;
using System.Globalization;
using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The sequence GAN against GARCH(1,1)-t, both fitted to the S&P 500 series and simulated as 5 paths of
/// its length (seeds 0–4): every stylized fact of the issue's table, which generator is closer to the
/// real value, and the training time; then both on the four European indices, with cross-correlations.
/// </summary>
internal static class SeriesBenchmark
{
    public static void Run(int steps)
    {
        ComputeSettings.Threads = 2;
        Compare("S&P 500 daily log returns 1928–1991", ReturnSeries.Read(Path.Combine(DatasetSpecs.DataFolder, "sp500_daily_log_returns_1928_1991.csv.gz")), steps);
        Compare("European indices 1991–1998 (log returns of closes)", ReturnSeries.Read(Path.Combine(DatasetSpecs.DataFolder, "eu_stock_markets_1991_1998.csv.gz"), new SeriesReadOptions { Prices = true }), steps);
    }

    private static void Compare(string title, ReturnSeries real, int steps)
    {
        var clock = Stopwatch.StartNew();
        var garch = GarchSeriesModel.Fit(real);
        double garchSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var gan = new SeriesGan(new SeriesGanOptions { Steps = steps, Seed = 0 }).Fit(real);
        double ganSeconds = clock.Elapsed.TotalSeconds;
        var garchRows = SeriesEvaluation.Run(real, [.. Enumerable.Range(0, 5).Select(k => garch.Generate(real.Length, k))]).Rows();
        var ganRows = SeriesEvaluation.Run(real, [.. Enumerable.Range(0, 5).Select(k => gan.Generate(real.Length, k))]).Rows();
        Console.WriteLine($"{title}: {real.Assets.Count} asset(s) × {real.Length:N0} days; GARCH fit {garchSeconds:F1} s, GAN {steps:N0} steps {ganSeconds / 60:F1} min (2 threads, {Gemm.ResolvePath()})");
        Console.WriteLine();
        Console.WriteLine("| asset | stylized fact | real | GARCH(1,1)-t | GAN | closer |");
        Console.WriteLine("|---|---|---|---|---|---|");
        int wins = 0;
        for (int i = 0; i < garchRows.Count; i++)
        {
            var (g, n) = (garchRows[i], ganRows[i]);
            bool ganCloser = n.Distance < g.Distance;
            wins += ganCloser ? 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {g.Asset} | {g.Fact} | {g.Real:0.0000} | {g.Generated:0.0000} | {n.Generated:0.0000} | {(ganCloser ? "GAN" : "GARCH")} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"The GAN is closer on {wins} of {garchRows.Count} rows.");
        Console.WriteLine();
    }
}
