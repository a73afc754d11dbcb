using System.Diagnostics;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// Encoder fit and transform seconds per dataset: the first (cold) run of the process and the
/// mean of the three runs after it. Stopwatch timing: each run takes from 0.05 s to seconds.
/// </summary>
internal static class EncoderBenchmark
{
    public static void Run()
    {
        Console.WriteLine("| dataset | rows × columns | encoded width | fit s (cold) | fit s (warm, mean of 3) | transform s (cold) | transform s (warm, mean of 3) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, load) in new (string, Func<Table>)[]
        {
            ("taiwan_default (ID dropped)", DatasetSpecs.Taiwan),
            ("give_me_some_credit, 50,000-row stratified sample", DatasetSpecs.GiveMeSomeCreditSample),
            ("give_me_some_credit, full", DatasetSpecs.GiveMeSomeCredit),
            ("santander_customer_satisfaction (ID dropped)", DatasetSpecs.Santander),
        })
        {
            var table = load();
            var fits = new List<double>();
            var transforms = new List<double>();
            TableEncoder encoder = null!;
            for (int run = 0; run < 4; run++)
            {
                var sw = Stopwatch.StartNew();
                encoder = TableEncoder.Fit(table);
                fits.Add(sw.Elapsed.TotalSeconds);
                sw.Restart();
                encoder.Transform(table, seed: run);
                transforms.Add(sw.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"| {name} | {table.RowCount:N0} × {table.Columns.Count} | {encoder.Width} | {fits[0]:F2} | {fits.Skip(1).Average():F2} | {transforms[0]:F3} | {transforms.Skip(1).Average():F3} |");
        }
    }
}
