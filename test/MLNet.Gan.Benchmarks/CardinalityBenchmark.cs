using System.Diagnostics;
using MLNet.Gan.Compute;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// A high-cardinality categorical column: give_me_some_credit's 150,000 rows plus 50,000
/// drawn again (seed 0) = 200,000 rows, with and without a <c>merchant</c> column of 20,000 values
/// drawn from a Zipf(1.1) law (seeded), as fraud tables have. CTGAN training rows/s (mean of epochs
/// 2–3, 2 threads, default options: the 100 most frequent merchants kept, the rest pooled) and the
/// process's peak working set after each fit.
/// </summary>
internal static class CardinalityBenchmark
{
    public static void Run()
    {
        ComputeSettings.Threads = 2;
        var credit = DatasetSpecs.GiveMeSomeCredit();
        var rng = RandomStream.Create(0, streamId: 15);
        var extra = new int[50_000];
        for (int i = 0; i < extra.Length; i++)
        {
            extra[i] = rng.NextInt(credit.RowCount);
        }

        var rows = credit.Append(credit.Select(extra));
        var merchant = Zipf(rows.RowCount, 20_000, 1.1, rng);
        var withMerchant = new Table([.. rows.Columns, merchant], rows.Label);
        Console.WriteLine($"{rows.RowCount:N0} rows; merchant: {merchant.Categories.Count:N0} distinct values, merchant0 in {merchant.Codes.Count(c => merchant.Categories[c] == "merchant0") / (double)rows.RowCount:P1} of rows");
        Console.WriteLine("| table | encoded width | CTGAN train rows/s | peak working set MB |");
        Console.WriteLine("|---|---|---|---|");
        double without = Train("without merchant", rows), with = Train("with merchant (20,000 values)", withMerchant);
        Console.WriteLine($"with ÷ without: {with / without:P0}");
    }

    private static double Train(string name, Table table)
    {
        var rates = new List<double>();
        var model = new CtGan(new CtGanOptions { Epochs = 3, Seed = 0, Progress = new TrainingBenchmark.Recorder(p => rates.Add(p.RowsPerSecond)) }).Fit(table);
        double rate = rates.Skip(1).Average();
        Console.WriteLine($"| {name} | {model.Encoder.Width:N0} | {rate:N0} | {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):N0} |");
        return rate;
    }

    /// <summary>Values "merchant0" … drawn with P(k) ∝ (k + 1)^−s, every value at least once (rows k &lt; values take value k).</summary>
    private static CategoricalColumn Zipf(int rows, int values, double s, RandomStream rng)
    {
        var cdf = new double[values];
        double acc = 0;
        for (int k = 0; k < values; k++)
        {
            acc += Math.Pow(k + 1, -s);
            cdf[k] = acc;
        }

        var draws = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            int k = Array.BinarySearch(cdf, rng.NextDouble() * acc);
            draws[r] = $"merchant{(r < values ? r : Math.Min(k < 0 ? ~k : k, values - 1))}";
        }

        return CategoricalColumn.FromValues("merchant", draws);
    }
}
