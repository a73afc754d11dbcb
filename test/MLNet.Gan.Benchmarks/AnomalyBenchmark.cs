using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MLNet.Gan.Anomaly;
using MLNet.Gan.DataViews;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The TVAE anomaly detector beside ML.NET's RandomizedPca on the same rows in the same run, 5 seeds,
/// scored by ROC-AUC and average precision against labels neither model saw:
/// the card-fraud rows (fit on half of the non-fraud rows, score the other half and the frauds),
/// PaySim (mixed types; fit on every row without labels, score every row: 16 frauds in 2,688), and
/// give_me_some_credit (fit on the training rows of a stratified 70/30 split without labels, score
/// the test rows' serious delinquency). RandomizedPca gets the same columns as numbers (missing values
/// replaced by the mean, text one-hot), normalized to zero mean and unit variance, rank min(20, d/2).
/// </summary>
internal static class AnomalyBenchmark
{
    private sealed record Case(string Name, string File, string Label, string Positive, string[] Drop, int Epochs, Func<Table, long, (Table Fit, Table Score)> Split);

    public static void Run()
    {
        Compute.ComputeSettings.Threads = 2;
        var cases = new[]
        {
            new Case("card fraud (984 rows, 492 frauds)", "creditcard_balanced_subset.csv.gz", "Class", "1", [], 300, CardFraudSplit),
            new Case("PaySim (2,688 rows, 16 frauds)", "paysim_sample.csv.gz", "isFraud", "1", ["nameOrig", "nameDest", "isFlaggedFraud", "step"], 300, (t, _) => (t, t)),
            new Case("give_me_some_credit (test rows of a 70/30 split)", "give_me_some_credit.csv.gz", "SeriousDlqin2yrs", "1", [], 30, (t, seed) =>
            {
                var ml = new MLContext(unchecked((int)seed));
                var split = ml.Data.StratifiedTrainTestSplit(t.ToDataView(), t.Label!, 0.3, seed);
                return (split.TrainSet.ToTable(t.Label!), split.TestSet.ToTable(t.Label!));
            }),
        };

        Console.WriteLine($"Anomaly detection, 5 seeds, {Compute.Gemm.ResolvePath()}: mean ± s.d. of ROC-AUC and average precision against the labels (neither model saw them).");
        Console.WriteLine();
        Console.WriteLine("| data | detector | ROC-AUC | AP | recall at 1 % flagged | fit s | per seed ROC-AUC |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var c in cases)
        {
            var table = CsvTable.Read(Path.Combine(DatasetSpecs.DataFolder, c.File), new CsvReadOptions { Label = c.Label, Drop = c.Drop });
            var results = new Dictionary<string, List<(double Auc, double Ap, double Recall, double Seconds)>>();
            for (long seed = 0; seed < 5; seed++)
            {
                var (fit, score) = c.Split(table, seed);
                bool[] truth = [.. score.LabelColumn!.Codes.Select(code => score.LabelColumn.Categories[code] == c.Positive)];
                foreach (var (name, scores, seconds) in new[] { Tvae(fit, score, c, seed), Pca(fit, score, c, seed) })
                {
                    var m = BinaryMetrics.Evaluate(scores, truth);
                    double recall = BinaryMetrics.RecallAtFlagged(scores, truth, 0.01);
                    (results.TryGetValue(name, out var list) ? list : results[name] = []).Add((m.RocAuc, m.AucPr, recall, seconds));
                }
            }

            foreach (var (name, list) in results)
            {
                static string S(IEnumerable<double> v)
                {
                    var a = v.ToArray();
                    double mean = a.Average(), sd = Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / (a.Length - 1));
                    return string.Create(CultureInfo.InvariantCulture, $"{mean:0.000} ± {sd:0.000}");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {c.Name} | {name} | {S(list.Select(r => r.Auc))} | {S(list.Select(r => r.Ap))} | {S(list.Select(r => r.Recall))} | {list.Average(r => r.Seconds):0.0} | {string.Join(", ", list.Select(r => r.Auc.ToString("0.000", CultureInfo.InvariantCulture)))} |"));
            }
        }
    }

    /// <summary>Card fraud: fit on a seeded half of the non-fraud rows; score the other half and every fraud.</summary>
    internal static (Table Fit, Table Score) CardFraudSplit(Table t, long seed)
    {
        var normal = t.RowsWithLabel("0");
        var fraud = t.RowsWithLabel("1");
        var shuffled = normal.OrderBy(i => Compute.RandomStream.Create(seed, i).NextUInt64()).ToArray();
        int half = shuffled.Length / 2;
        return (t.Select(shuffled[..half]), t.Select([.. shuffled[half..], .. fraud]));
    }

    private static (string Name, double[] Scores, double Seconds) Tvae(Table fit, Table score, Case c, long seed)
    {
        var ml = new MLContext(unchecked((int)seed));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = new TvaeAnomalyOptions { Tvae = new TvaeOptions { Epochs = c.Epochs, Seed = seed }, IgnoreColumnNames = [c.Label] };
        var detector = ml.AnomalyDetection.Trainers.Tvae(options).Fit(fit.ToDataView());
        double seconds = clock.Elapsed.TotalSeconds;
        var scores = detector.Transform(score.ToDataView()).GetColumn<float>("Score").Select(s => (double)s).ToArray();
        return ($"TVAE, negative ELBO ({c.Epochs} epochs)", scores, seconds);
    }

    private static (string Name, double[] Scores, double Seconds) Pca(Table fit, Table score, Case c, long seed)
    {
        var ml = new MLContext(unchecked((int)seed));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var data = fit.ToDataView();
        var numbers = data.Schema.Where(col => col.Name != c.Label && col.Type is NumberDataViewType).Select(col => col.Name).ToArray();
        var texts = data.Schema.Where(col => col.Name != c.Label && col.Type is TextDataViewType).Select(col => col.Name).ToArray();
        IEstimator<ITransformer> pipeline = ml.Transforms.ReplaceMissingValues([.. numbers.Select(n => new InputOutputColumnPair(n))]);
        if (texts.Length > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding([.. texts.Select(t => new InputOutputColumnPair(t))]));
        }

        pipeline = pipeline.Append(ml.Transforms.Concatenate("Features", [.. numbers, .. texts])).Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var featurizer = pipeline.Fit(data);
        int dims = ((VectorDataViewType)featurizer.GetOutputSchema(data.Schema)["Features"].Type).Size;
        int rank = Math.Min(20, Math.Max(1, dims / 2));
        var pca = ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options { Rank = rank, Seed = unchecked((int)seed), EnsureZeroMean = true });
        var model = pca.Fit(featurizer.Transform(data));
        double seconds = clock.Elapsed.TotalSeconds;
        var scores = model.Transform(featurizer.Transform(score.ToDataView())).GetColumn<float>("Score").Select(s => (double)s).ToArray();
        return ($"ML.NET RandomizedPca (rank {rank} of {dims})", scores, seconds);
    }
}
