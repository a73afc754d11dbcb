using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Augmentation;

/// <summary>
/// SMOTE (Chawla et al. 2002) over the minority rows: a new row lies on the segment between a
/// minority row and one of its k nearest minority neighbours (standardised numeric features; a
/// categorical mismatch counts 1). Numeric values are interpolated (a
/// missing cell stays missing when the base row's is; integer columns rounded on request); categorical
/// values take the majority of the neighbours.
/// </summary>
public sealed class Smote
{
    private readonly Table _minority;
    private readonly int[][] _neighbors;

    /// <summary>Finds every minority row's <paramref name="k"/> nearest neighbours (brute force, once).</summary>
    public Smote(Table minority, int k = 5)
    {
        if (minority.RowCount < 2)
        {
            throw new ArgumentException($"SMOTE needs at least 2 minority rows; there are {minority.RowCount}.");
        }

        _minority = minority;
        K = Math.Min(k, minority.RowCount - 1);
        var features = Standardized(minority);
        int n = minority.RowCount, d = features.Length;
        _neighbors = new int[n][];
        var bestDistance = new double[K];
        for (int i = 0; i < n; i++)
        {
            // keep the K nearest in sorted order by insertion: O(n·K) per row
            var best = new int[K];
            Array.Fill(bestDistance, double.PositiveInfinity);
            for (int j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                double sum = 0;
                for (int f = 0; f < d; f++)
                {
                    double diff = features[f][i] - features[f][j];
                    sum += diff * diff;
                }

                if (sum >= bestDistance[K - 1])
                {
                    continue;
                }

                int at = K - 1;
                while (at > 0 && bestDistance[at - 1] > sum)
                {
                    bestDistance[at] = bestDistance[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }

                bestDistance[at] = sum;
                best[at] = j;
            }

            _neighbors[i] = best;
        }
    }

    /// <summary>Neighbours per row.</summary>
    public int K { get; }

    /// <summary>Generates <paramref name="rows"/> synthetic minority rows; the same seed gives the same rows. Integer columns are rounded only if <paramref name="roundIntegers"/>.</summary>
    public Table Generate(int rows, long seed, bool roundIntegers = false)
    {
        var rng = RandomStream.Create(seed, streamId: 0x5307E);
        var bases = new int[rows];
        var partners = new int[rows];
        var steps = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            bases[r] = rng.NextInt(_minority.RowCount);
            partners[r] = _neighbors[bases[r]][rng.NextInt(K)];
            steps[r] = rng.NextDouble();
        }

        var columns = new List<Column>();
        foreach (var column in _minority.Columns)
        {
            if (column is NumericColumn n)
            {
                var values = new double[rows];
                for (int r = 0; r < rows; r++)
                {
                    double a = n.Values[bases[r]], b = n.Values[partners[r]];
                    double v = double.IsNaN(b) ? a : a + (steps[r] * (b - a));
                    values[r] = roundIntegers && n.IsInteger && !double.IsNaN(v) ? Math.Round(v) : v;
                }

                columns.Add(new NumericColumn(n.Name, values, n.MissingToken));
            }
            else
            {
                var c = (CategoricalColumn)column;
                var codes = new int[rows];
                var votes = new int[c.Categories.Count];
                for (int r = 0; r < rows; r++)
                {
                    Array.Clear(votes);
                    foreach (int nb in _neighbors[bases[r]])
                    {
                        votes[c.Codes[nb]]++;
                    }

                    codes[r] = Array.IndexOf(votes, votes.Max());
                }

                columns.Add(new CategoricalColumn(c.Name, codes, c.Categories));
            }
        }

        return new Table(columns);
    }

    /// <summary>One array per feature: numeric columns standardised (missing → the median), categorical codes as 0/1 mismatches via a one-hot.</summary>
    private static double[][] Standardized(Table table)
    {
        var features = new List<double[]>();
        foreach (var column in table.Columns)
        {
            if (column is NumericColumn n)
            {
                var present = n.Values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
                double median = present.Length == 0 ? 0 : present[present.Length / 2];
                double mean = present.Length == 0 ? 0 : present.Average();
                double std = present.Length < 2 ? 1 : Math.Sqrt(present.Sum(v => (v - mean) * (v - mean)) / (present.Length - 1));
                std = std > 0 ? std : 1;
                features.Add([.. n.Values.Select(v => ((double.IsNaN(v) ? median : v) - mean) / std)]);
            }
            else
            {
                // one-hot scaled by 1/√2, so two different categories are at distance 1
                var c = (CategoricalColumn)column;
                for (int k = 0; k < c.Categories.Count; k++)
                {
                    int code = k;
                    features.Add([.. c.Codes.Select(x => x == code ? Math.Sqrt(0.5) : 0.0)]);
                }
            }
        }

        return [.. features];
    }
}
