using System.Diagnostics;
using MLNet.Gan.Compute;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Tabular;
using MLNet.Gan.XGBoost;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The audit's costs and its sanity figures: the nearest-neighbour search at 20,000 × 200,000 rows,
/// and the metrics of real-vs-real and real-vs-copy comparisons on give_me_some_credit.
/// </summary>
internal static class AuditBenchmark
{
    public static void RunNearestNeighbours()
    {
        var gmsc = DatasetSpecs.GiveMeSomeCredit();
        var rng = RandomStream.Create(7);
        // 200,000 reference rows drawn with replacement from the 150,000 (no larger credit table is here),
        // and 20,000 query rows.
        var reference = gmsc.Select([.. Enumerable.Range(0, 200_000).Select(_ => rng.NextInt(gmsc.RowCount))]);
        var queries = gmsc.Select([.. Enumerable.Range(0, 20_000).Select(_ => rng.NextInt(gmsc.RowCount))]);
        Measure("give_me_some_credit", gmsc, reference, queries);

        var santander = DatasetSpecs.Santander();
        var sq = santander.Select([.. Enumerable.Range(0, 20_000).Select(_ => rng.NextInt(santander.RowCount))]);
        Measure("santander (all rows as reference)", santander, santander, sq);
    }

    private static void Measure(string name, Table schema, Table reference, Table queries)
    {
        var r = DistanceSpace.Encode(schema, reference);
        var q = DistanceSpace.Encode(schema, queries);
        NearestNeighbours.MinDistances(q.Select([.. Enumerable.Range(0, 64)]), r); // warm-up
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            ComputeSettings.Threads = threads;
            var clock = Stopwatch.StartNew();
            var d = NearestNeighbours.MinDistances(q, r);
            double seconds = clock.Elapsed.TotalSeconds;
            double cells = (double)q.Rows * r.Rows * r.Columns;
            Console.WriteLine($"{name}: {q.Rows:N0} × {r.Rows:N0} rows × {r.Columns} columns, {threads} thread(s): {seconds:F2} s " +
                $"({cells / seconds / 1e9:F1} G column-distances/s), median distance {Privacy.Median(d):G4}");
        }
    }

    public static void RunSanity()
    {
        var gmsc = DatasetSpecs.GiveMeSomeCredit();
        // Thirds, stratified on the label: train, a "synthetic" set that is really unseen real rows, a holdout.
        var (train, rest) = gmsc.StratifiedSplit(2.0 / 3, seed: 0);
        var (test, holdout) = rest.StratifiedSplit(0.5, seed: 0);
        var options = new SyntheticDataAuditOptions
        {
            Label = "SeriousDlqin2yrs",
            Classifier = (t, positive) => new GradientBoostedTreesTrainer(t.Label!, positive).Fit(t),
        };
        foreach (var (name, synthetic, withHoldout) in new[] { ("real train vs real test", test, holdout), ("real train vs a copy of train", train, holdout) })
        {
            var clock = Stopwatch.StartNew();
            var result = SyntheticDataAudit.Run(train, synthetic, withHoldout, options);
            Console.WriteLine($"## {name} ({train.RowCount:N0} vs {synthetic.RowCount:N0} rows, holdout {withHoldout.RowCount:N0}; {clock.Elapsed.TotalSeconds:F1} s)");
            foreach (var (key, _, _) in AuditResult.Metrics)
            {
                Console.WriteLine($"| {key} | {(result[key] is double v ? v.ToString("F4") : "—")} |");
            }
        }
    }
}
