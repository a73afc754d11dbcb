using System.Globalization;
using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// How often the sequence GAN's result holds on fresh samples, not on the one sample
/// <see cref="SeriesBenchmark"/> draws: the defaults trained on several seeds, 40 paths drawn from each
/// trained model (sampling seeds 1000–1039) and cut into 8 samples of 5 paths. On the S&amp;P 500 a sample
/// counts when its mean is closer to the real value than the reference GARCH(1,1)-t figures (fGarch, 5
/// paths) on all 9 rows of its table; on the European indices, when every same-day correlation is within
/// 0.05 of the real one (and how many of the 50 rows are closer than our GARCH's 5 paths).
/// </summary>
internal static class SeriesSeedsBenchmark
{
    private const int Samples = 8, PathsPerSample = SeriesBenchmark.Paths, FirstSamplingSeed = 1000;

    // The reference table (../shared/docs/anchors.md): GARCH(1,1)-t fitted by fGarch, mean of 5 simulated paths (kurtosis, acf r lag 1,
    // acf |r| lags 1 / 10 / 50 / 100, leverage, 1 % and 99 % quantiles): the rows of SeriesEvaluation.Rows() in order
    private static readonly double[] IssueGarch = [12.8, 0.005, 0.242, 0.218, 0.138, 0.069, -0.004, -0.028, 0.029];

    public static void Run(string data, int firstSeed, int lastSeed, int checkpointPaths)
    {
        ComputeSettings.Threads = 2;
        bool indices = data == "eu";
        var real = indices ? SeriesBenchmark.Indices() : SeriesBenchmark.Sp500();
        var garchRows = SeriesBenchmark.PathRows(real, GarchSeriesModel.Fit(real));
        Console.WriteLine($"{(indices ? "European indices" : "S&P 500")}: training seeds {firstSeed}–{lastSeed}, checkpoint paths {checkpointPaths}, {Samples} samples of {PathsPerSample} paths per seed (sampling seeds {FirstSamplingSeed}–{FirstSamplingSeed + (Samples * PathsPerSample) - 1}), {Gemm.ResolvePath()}");
        Console.WriteLine();
        Console.WriteLine(indices
            ? "| training seed | kept step | samples with every correlation within 0.05 | largest correlation gap, mean / worst | rows closer than our GARCH, mean of 50 |"
            : "| training seed | kept step | samples winning all 9 rows | rows won, mean | samples winning each row |");
        Console.WriteLine("|---|---|---|---|---|");
        int total = 0, seeds = 0;
        for (int seed = firstSeed; seed <= lastSeed; seed++)
        {
            var gan = new SeriesGan(new SeriesGanOptions { Seed = seed, CheckpointPaths = checkpointPaths }).Fit(real);
            var samples = new List<IReadOnlyList<FactRow>>();
            for (int s = 0; s < Samples; s++)
            {
                samples.Add(SeriesBenchmark.PathRows(real, gan, FirstSamplingSeed + (s * PathsPerSample)));
            }

            int counted = indices ? CountIndices(seed, gan.TrainingStep, samples, garchRows) : CountSp500(seed, gan.TrainingStep, samples);
            total += counted;
            seeds++;
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} of {seeds * Samples} samples ({(double)total / (seeds * Samples):0.00}) {(indices ? "have every correlation within 0.05" : "win all 9 rows")}."));
    }

    private static int CountSp500(int seed, int step, List<IReadOnlyList<FactRow>> samples)
    {
        var rowWins = new int[IssueGarch.Length];
        int all = 0, rows = 0;
        foreach (var sample in samples)
        {
            int won = 0;
            for (int i = 0; i < IssueGarch.Length; i++)
            {
                if (sample[i].Distance < Math.Abs(IssueGarch[i] - sample[i].Real))
                {
                    won++;
                    rowWins[i]++;
                }
            }

            rows += won;
            all += won == IssueGarch.Length ? 1 : 0;
        }

        string perRow = string.Join(", ", rowWins.Select((w, i) => $"{samples[0][i].Fact.Replace("|", "\\|", StringComparison.Ordinal)} {w}")); // a Markdown cell
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {seed} | {step} | {all}/{samples.Count} | {(double)rows / samples.Count:0.0} | {perRow} |"));
        return all;
    }

    private static int CountIndices(int seed, int step, List<IReadOnlyList<FactRow>> samples, IReadOnlyList<FactRow> garchRows)
    {
        int within = 0;
        double gapSum = 0, worst = 0, closer = 0;
        foreach (var sample in samples)
        {
            double gap = sample.Where(r => r.Fact == SeriesEvaluation.CorrelationFact).Max(r => r.Distance);
            within += gap <= 0.05 ? 1 : 0;
            gapSum += gap;
            worst = Math.Max(worst, gap);
            closer += sample.Where((r, i) => r.Distance < garchRows[i].Distance).Count();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {seed} | {step} | {within}/{samples.Count} | {gapSum / samples.Count:0.000} / {worst:0.000} | {closer / samples.Count:0.0} |"));
        return within;
    }
}
