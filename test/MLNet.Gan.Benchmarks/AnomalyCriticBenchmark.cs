using System.Globalization;
using MLNet.Gan.DataViews;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// CTGAN's critic as an anomaly score, 5 seeds, on the anomaly benchmark's card-fraud split (fit on half of the non-fraud
/// rows, score the other half and the frauds) and PaySim (fit and score every row): each row scored as a pack of copies
/// of itself (as <c>SynthesizerScores</c> does), and as the mean over 8 packs beside 9 fixed random training rows; the
/// anomaly score is minus the critic's. The figures that kept the critic out of the anomaly catalog (docs/anomaly.md).
/// </summary>
internal static class AnomalyCriticBenchmark
{
    public static void Run()
    {
        Compute.ComputeSettings.Threads = 1;
        foreach (var (file, label, positive, drop, epochs) in new[] { ("creditcard_balanced_subset.csv.gz", "Class", "1", Array.Empty<string>(), 300), ("paysim_sample.csv.gz", "isFraud", "1", new[] { "nameOrig", "nameDest", "isFlaggedFraud", "step" }, 300) })
        {
            var t = CsvTable.Read(Path.Combine(DatasetSpecs.DataFolder, file), new CsvReadOptions { Label = label, Drop = drop });
            for (long seed = 0; seed < 5; seed++)
            {
                var (fit, score) = file.StartsWith("credit", StringComparison.Ordinal) ? AnomalyBenchmark.CardFraudSplit(t, seed) : (t, t);
                bool[] truth = [.. score.LabelColumn!.Codes.Select(code => score.LabelColumn.Categories[code] == positive)];
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var model = new CtGan(new CtGanOptions { Epochs = epochs, Seed = seed, BatchSize = Math.Min(500, (fit.RowCount / 10) * 10) }).Fit(fit.Drop(label));
                var critic = RowScores.Critic(model, score.Drop(label));
                double[] anomaly = [.. critic.Select(s => -(double)s)];
                var m = BinaryMetrics.Evaluate(anomaly, truth);
                var mixed = Mixed(model, fit.Drop(label), score.Drop(label), seed);
                var m2 = BinaryMetrics.Evaluate(mixed, truth);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file} seed {seed}: CTGAN critic copies ROC-AUC {m.RocAuc:0.000} AP {m.AucPr:0.000}; mixed packs ROC-AUC {m2.RocAuc:0.000} AP {m2.AucPr:0.000} recall@1% {BinaryMetrics.RecallAtFlagged(mixed, truth, 0.01):0.000} ({clock.Elapsed.TotalSeconds:0} s)"));
            }
        }
    }

    /// <summary>Each row in 8 packs beside 9 fixed random training rows (the same companions for every row), minus the mean critic score.</summary>
    private static double[] Mixed(CtGanModel model, Table fit, Table score, long seed)
    {
        var critic = model.Critic!;
        var sampler = model.Sampler;
        var encodedFit = model.Encoder.Transform(fit, 0, Encoding.ModeSelection.MostLikely, unknownAsZeros: true);
        var encoded = model.Encoder.Transform(score, 0, Encoding.ModeSelection.MostLikely, unknownAsZeros: true);
        int w = encoded.Cols, c = sampler.ConditionWidth, pac = critic.Pac, packs = 8;
        var rng = Compute.RandomStream.Create(seed, 77);
        var companions = Enumerable.Range(0, packs * pac).Select(_ => rng.NextInt(encodedFit.Rows)).ToArray();
        var slots = Enumerable.Range(0, packs).Select(_ => rng.NextInt(pac)).ToArray();
        void Fill(Span<float> target, ReadOnlySpan<float> source)
        {
            target.Clear();
            source.CopyTo(target);
            if (c > 0)
            {
                int length = sampler.CategoryCount(0);
                source.Slice(sampler.EncodedOffset(0), length).CopyTo(target.Slice(w + sampler.ConditionOffset(0), length));
            }
        }

        var packed = new Compute.Matrix(packs * pac, w + c);
        var result = new double[score.RowCount];
        for (int r = 0; r < score.RowCount; r++)
        {
            for (int k = 0; k < packs; k++)
            {
                for (int p = 0; p < pac; p++)
                {
                    Fill(packed.Row((k * pac) + p), p == slots[k] ? encoded.Row(r) : encodedFit.Row(companions[(k * pac) + p]));
                }
            }

            var s = critic.Forward(packed, training: false).Span;
            double sum = 0;
            for (int k = 0; k < packs; k++)
            {
                sum += s[k];
            }

            result[r] = -sum / packs;
        }

        return result;
    }
}
