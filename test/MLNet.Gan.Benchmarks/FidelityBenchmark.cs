using System.Diagnostics;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// Fidelity against the reference protocol of ../shared/docs/anchors.md: taiwan_default, 100 epochs,
/// seed 0, 30,000 synthetic rows vs the real table; and the 492 real frauds (344 train / 148 holdout,
/// 30 numeric columns, 3000 epochs, seeds 0–2), synthetic vs train.
/// </summary>
internal static class FidelityBenchmark
{
    public static void Run(string which)
    {
        if (which is "all" or "taiwan")
        {
            ReportTaiwan("ctgan", t => new CtGan(new CtGanOptions { Epochs = 100, Seed = 0 }).Fit(t));
        }

        if (which is "all" or "tvae")
        {
            ReportTaiwan("tvae", t => new Tvae(new TvaeOptions { Epochs = 100, Seed = 0 }).Fit(t));
            var (ks, corr) = (new List<double>(), new List<double>());
            foreach (var (seed, train, _) in FraudSplits())
            {
                var model = new Tvae(new TvaeOptions { Epochs = 3000, Seed = seed }).Fit(train);
                var sample = model.Sample(train.RowCount, seed: seed);
                ks.Add(Fidelity.KsComplement(train, sample).Mean);
                corr.Add(Fidelity.CorrelationSimilarity(train, sample).Mean);
                Console.WriteLine($"frauds tvae seed {seed}: KS {ks[^1]:F3}  correlation {corr[^1]:F3}");
            }

            Console.WriteLine($"frauds tvae 3000 epochs, 3 seeds: KS {ks.Average():F3} ± {Std(ks):F3}  correlation {corr.Average():F3} ± {Std(corr):F3}");
        }

        if (which is "tvae-seeds")
        {
            RunTaiwanSeeds();
        }

        if (which is "all" or "frauds")
        {
            var ks = new List<double>();
            var corr = new List<double>();
            foreach (var (seed, train, holdout) in FraudSplits())
            {
                var clock = Stopwatch.StartNew();
                var model = new CtGan(new CtGanOptions { Epochs = 3000, Seed = seed }).Fit(train);
                var synthetic = model.Sample(train.RowCount, seed: seed);
                ks.Add(Fidelity.KsComplement(train, synthetic).Mean);
                corr.Add(Fidelity.CorrelationSimilarity(train, synthetic).Mean);
                Console.WriteLine($"frauds seed {seed} ({train.RowCount} train, {holdout.RowCount} holdout): KS {ks[^1]:F3}  correlation {corr[^1]:F3}  fit {clock.Elapsed.TotalSeconds:F0} s");
                if (seed == 0)
                {
                    Console.WriteLine($"  real holdout vs train: KS {Fidelity.KsComplement(train, holdout).Mean:F3}  correlation {Fidelity.CorrelationSimilarity(train, holdout).Mean:F3}");
                }
            }

            Console.WriteLine($"frauds ctgan 3000 epochs, 3 seeds: KS {ks.Average():F3} ± {Std(ks):F3}  correlation {corr.Average():F3} ± {Std(corr):F3}");
        }
    }

    /// <summary>The protocol's seed-to-seed spread on taiwan: TVAE (the cheap one) on seeds 0, 1 and 2.</summary>
    public static void RunTaiwanSeeds()
    {
        for (int seed = 0; seed < 3; seed++)
        {
            ReportTaiwan($"tvae seed {seed}", t => new Tvae(new TvaeOptions { Epochs = 100, Seed = seed }).Fit(t), seed);
        }
    }

    /// <summary>Fits on taiwan_default (100 epochs), samples 30,000 rows and prints the three fidelity scores against the real table.</summary>
    private static void ReportTaiwan(string name, Func<Table, ISynthesizerModel> fit, int seed = 0)
    {
        var taiwan = DatasetSpecs.Taiwan();
        var clock = Stopwatch.StartNew();
        var model = fit(taiwan);
        double seconds = clock.Elapsed.TotalSeconds;
        var synthetic = model.Sample(30_000, null, null, seed: seed);
        Console.WriteLine($"taiwan_default {name} 100 epochs: KS {Fidelity.KsComplement(taiwan, synthetic).Mean:F3}  TV {Fidelity.TvComplement(taiwan, synthetic).Mean:F3}  correlation {Fidelity.CorrelationSimilarity(taiwan, synthetic).Mean:F3}  fit {seconds:F0} s");
    }

    private static IEnumerable<(int Seed, Table Train, Table Holdout)> FraudSplits()
    {
        var all = CsvTable.Read(Path.Combine(DatasetSpecs.DataFolder, "creditcard_balanced_subset.csv.gz"), new CsvReadOptions { Label = "Class" });
        var frauds = all.WhereLabel("1").Drop("Class");
        for (int seed = 0; seed < 3; seed++)
        {
            var (train, holdout) = frauds.StratifiedSplit(148.0 / 492, seed);
            yield return (seed, train, holdout);
        }
    }

    private static double Std(List<double> x)
    {
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / Math.Max(1, x.Count - 1));
    }
}
