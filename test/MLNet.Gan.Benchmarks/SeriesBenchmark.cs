using System.Diagnostics;
using System.Globalization;
using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The sequence GAN against GARCH(1,1)-t, both fitted to the S&P 500 series and simulated as 5 paths of
/// its length (seeds 0–4): every stylized fact of the reference table (../shared/docs/anchors.md), which generator is closer to the
/// real value, and the training time; then both on the four European indices, with cross-correlations.
/// </summary>
internal static class SeriesBenchmark
{
    public static void Run(int steps)
    {
        ComputeSettings.Threads = 2;
        Compare("S&P 500 daily log returns 1928–1991", Sp500(), steps);
        Compare("European indices 1991–1998 (log returns of closes)", Indices(), steps);
    }

    /// <summary>The S&amp;P 500's daily log returns 1928–1991.</summary>
    internal static ReturnSeries Sp500() => ReturnSeries.Read(Path.Combine(DatasetSpecs.DataFolder, "sp500_daily_log_returns_1928_1991.csv.gz"));

    /// <summary>The four European indices' log returns 1991–1998, from their closes.</summary>
    internal static ReturnSeries Indices() => ReturnSeries.Read(Path.Combine(DatasetSpecs.DataFolder, "eu_stock_markets_1991_1998.csv.gz"), new SeriesReadOptions { Prices = true });

    /// <summary>Paths per evaluation: the reference's "mean of 5 paths".</summary>
    internal const int Paths = 5;

    /// <summary>The evaluation's rows for <see cref="Paths"/> paths of the real series' length, sampling seeds <paramref name="firstSeed"/> onwards.</summary>
    internal static IReadOnlyList<FactRow> PathRows(ReturnSeries real, ISeriesModel model, int firstSeed = 0)
        => SeriesEvaluation.Run(real, [.. Enumerable.Range(firstSeed, Paths).Select(k => model.Generate(real.Length, k))]).Rows();

    private static void Compare(string title, ReturnSeries real, int steps)
    {
        var clock = Stopwatch.StartNew();
        var garch = GarchSeriesModel.Fit(real);
        double garchSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var gan = new SeriesGan(new SeriesGanOptions { Steps = steps, Seed = 0 }).Fit(real);
        double ganSeconds = clock.Elapsed.TotalSeconds;
        var garchRows = PathRows(real, garch);
        var ganRows = PathRows(real, gan);
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
