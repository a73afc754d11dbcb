using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// Does the synthetic data copy or hug real customers' records? Distances are the row distance of
/// <see cref="DistanceSpace"/>; every score is in [0, 1] and 1 is best.
/// </summary>
public static class Privacy
{
    /// <summary>
    /// DCR baseline protection: min(median DCR(synthetic → train) / median DCR(uniform random → train), 1).
    /// 0 when synthetic rows sit on training rows, 1 when they are as far from them as random rows.
    /// At most <paramref name="sampleRows"/> synthetic rows (a seeded sample) and as many random rows are measured.
    /// </summary>
    public static double DcrBaselineProtection(Table train, Table synthetic, long seed = 0, int sampleRows = 20_000)
    {
        synthetic = TableMatching.Align(train, synthetic, TableMatching.SyntheticData);
        var reference = DistanceSpace.Encode(train, train);
        var queries = DistanceSpace.Encode(train, synthetic).Select(RowSample.Take(synthetic.RowCount, sampleRows, seed));
        double syntheticMedian = Median(NearestNeighbours.MinDistances(queries, reference));
        double randomMedian = Median(NearestNeighbours.MinDistances(DistanceSpace.UniformRandom(train, queries.Rows, seed), reference));
        return randomMedian <= 0 ? (syntheticMedian > 0 ? 1 : 0) : Math.Min(syntheticMedian / randomMedian, 1);
    }

    /// <summary>
    /// DCR overfitting protection: with p the share of synthetic rows closer to a training row than to
    /// a holdout row (ties count half), min(2(1 − p), 1). Rows drawn from the same distribution as the
    /// training data, and not from the training rows themselves, have p ≈ ½ and score 1. The training
    /// rows are subsampled (seeded) to the holdout's size first, so that neither side is closer merely
    /// for having more rows.
    /// </summary>
    public static double DcrOverfittingProtection(Table train, Table synthetic, Table holdout, long seed = 0, int sampleRows = 20_000)
    {
        synthetic = TableMatching.Align(train, synthetic, TableMatching.SyntheticData);
        holdout = TableMatching.Align(train, holdout, TableMatching.HoldoutData);
        var trainSpace = DistanceSpace.Encode(train, train);
        if (train.RowCount > holdout.RowCount)
        {
            trainSpace = trainSpace.Select(RowSample.Take(train.RowCount, holdout.RowCount, seed + 1));
        }

        var queries = DistanceSpace.Encode(train, synthetic).Select(RowSample.Take(synthetic.RowCount, sampleRows, seed));
        var toTrain = NearestNeighbours.MinDistances(queries, trainSpace);
        var toHoldout = NearestNeighbours.MinDistances(queries, DistanceSpace.Encode(train, holdout));
        double closerToTrain = 0;
        for (int i = 0; i < toTrain.Length; i++)
        {
            closerToTrain += toTrain[i] < toHoldout[i] ? 1 : toTrain[i] == toHoldout[i] ? 0.5 : 0;
        }

        double p = toTrain.Length == 0 ? 0.5 : closerToTrain / toTrain.Length;
        return Math.Min(2 * (1 - p), 1);
    }

    /// <summary>
    /// Membership inference, distance attack: an attacker who holds the synthetic rows and a real
    /// record guesses "it was in the training data" the closer the record lies to its nearest synthetic
    /// row. The result is the ROC-AUC of that guess over equal seeded samples of training rows
    /// (members) and holdout rows (non-members): 0.5 = the synthetic data tells nothing about who
    /// was trained on, 1 = every member is given away. Ties share ranks.
    /// </summary>
    public static double MembershipInferenceAuc(Table train, Table synthetic, Table holdout, long seed = 0, int sampleRows = 20_000)
    {
        synthetic = TableMatching.Align(train, synthetic, TableMatching.SyntheticData);
        holdout = TableMatching.Align(train, holdout, TableMatching.HoldoutData);
        int n = Math.Min(Math.Min(train.RowCount, holdout.RowCount), sampleRows);
        if (n == 0 || synthetic.RowCount == 0)
        {
            return 0.5;
        }

        var reference = DistanceSpace.Encode(train, synthetic);
        var members = NearestNeighbours.MinDistances(DistanceSpace.Encode(train, train).Select(RowSample.Take(train.RowCount, n, seed + 2)), reference);
        var others = NearestNeighbours.MinDistances(DistanceSpace.Encode(train, holdout).Select(RowSample.Take(holdout.RowCount, n, seed + 3)), reference);
        var scores = new double[2 * n];
        var isMember = new bool[2 * n];
        for (int i = 0; i < n; i++)
        {
            (scores[i], isMember[i]) = (-members[i], true);
            (scores[n + i], isMember[n + i]) = (-others[i], false);
        }

        return BinaryMetrics.Evaluate(scores, isMember).RocAuc;
    }

    /// <summary>
    /// Membership inference, density-ratio attack (after DOMIAS, van Breugel et al. 2023): the
    /// distance attack flags records that lie in dense regions of the population as members; this one
    /// compares the synthetic data's density near a record with the population's. The holdout is split
    /// (seeded) into a reference half, which stands for the population, and a scored half of
    /// non-members; a record's score is log(d_ref + ε) − log(d_syn + ε), with d the distance to the
    /// nearest reference and nearest synthetic row (ε = 1e−6): a generator that memorised a record
    /// puts synthetic rows nearer to it than the population's density explains. The result is the
    /// ROC-AUC over equal seeded samples of training rows and scored holdout rows (0.5 = no signal).
    /// Needs at least 4 holdout rows; otherwise 0.5.
    /// </summary>
    public static double MembershipInferenceDensityAuc(Table train, Table synthetic, Table holdout, long seed = 0, int sampleRows = 20_000)
    {
        synthetic = TableMatching.Align(train, synthetic, TableMatching.SyntheticData);
        holdout = TableMatching.Align(train, holdout, TableMatching.HoldoutData);
        var order = Enumerable.Range(0, holdout.RowCount).ToArray();
        RandomStream.Create(seed, streamId: 4).Shuffle(order.AsSpan());
        int half = holdout.RowCount / 2;
        int n = Math.Min(Math.Min(train.RowCount, holdout.RowCount - half), sampleRows);
        if (half < 2 || n == 0 || synthetic.RowCount == 0)
        {
            return 0.5;
        }

        var holdoutSpace = DistanceSpace.Encode(train, holdout);
        var reference = holdoutSpace.Select(order[..half]);
        var scoredHoldout = holdoutSpace.Select(order[half..(half + n)]);
        var members = DistanceSpace.Encode(train, train).Select(RowSample.Take(train.RowCount, n, seed + 2));
        var syntheticSpace = DistanceSpace.Encode(train, synthetic);
        var scores = new double[2 * n];
        var isMember = new bool[2 * n];
        Score(members, 0, true);
        Score(scoredHoldout, n, false);
        return BinaryMetrics.Evaluate(scores, isMember).RocAuc;

        void Score(DistanceSpace records, int offset, bool member)
        {
            var toSynthetic = NearestNeighbours.MinDistances(records, syntheticSpace);
            var toReference = NearestNeighbours.MinDistances(records, reference);
            for (int i = 0; i < toSynthetic.Length; i++)
            {
                scores[offset + i] = Math.Log(toReference[i] + 1e-6) - Math.Log(toSynthetic[i] + 1e-6);
                isMember[offset + i] = member;
            }
        }
    }

    /// <summary>
    /// New-row synthesis: the share of synthetic rows that match no real row, where a match has every
    /// category equal, every number within 1 % of the real value (|s − r| ≤ 0.01 |r|) and missing
    /// cells in the same places.
    /// </summary>
    public static double NewRowSynthesis(Table real, Table synthetic, double tolerance = 0.01)
    {
        synthetic = TableMatching.Align(real, synthetic, TableMatching.SyntheticData);
        if (synthetic.RowCount == 0)
        {
            return 1;
        }

        var index = new RowMatchIndex(real, tolerance);
        var maps = index.CategoryMaps(synthetic);
        var isNew = new bool[synthetic.RowCount];
        int parts = Math.Min(synthetic.RowCount, ComputeSettings.Threads * 8);
        ParallelColumns.For(parts, part =>
        {
            var cells = new double[real.Columns.Count];
            int first = (int)((long)synthetic.RowCount * part / parts), last = (int)((long)synthetic.RowCount * (part + 1) / parts);
            for (int row = first; row < last; row++)
            {
                isNew[row] = !index.Matches(synthetic, row, maps, cells);
            }
        });

        return isNew.Count(n => n) / (double)isNew.Length;
    }

    internal static double Median(float[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + (double)sorted[mid]) / 2;
    }
}
