using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

public static partial class Fidelity
{
    /// <summary>Bins per numeric column in <see cref="ContingencySimilarity"/>.</summary>
    public const int ContingencyBins = 10;

    /// <summary>
    /// 1 − ½ Σ |P_real(a, b) − P_synthetic(a, b)| over the joint cells of every pair of columns that are
    /// not both numeric (numeric pairs have <see cref="CorrelationSimilarity"/>). Numbers fall into 10
    /// equal-width bins over the real column's range (synthetic values beyond it into the end bins,
    /// missing cells into a bin of their own); categories are matched by name.
    /// </summary>
    public static FidelityScores ContingencySimilarity(Table real, Table synthetic)
    {
        synthetic = TableMatching.Align(real, synthetic, TableMatching.SyntheticData);
        int columns = real.Columns.Count;
        var realCells = new int[columns][];
        var syntheticCells = new int[columns][];
        var sizes = new int[columns];
        for (int j = 0; j < columns; j++)
        {
            (realCells[j], syntheticCells[j], sizes[j]) = Discretize(real.Columns[j], synthetic.Columns[j]);
        }

        var pairs = new List<(int A, int B)>();
        for (int a = 0; a < columns; a++)
        {
            for (int b = a + 1; b < columns; b++)
            {
                if (real.Columns[a] is CategoricalColumn || real.Columns[b] is CategoricalColumn)
                {
                    pairs.Add((a, b));
                }
            }
        }

        var values = new double[pairs.Count];
        Compute.ParallelColumns.For(pairs.Count, p =>
        {
            var (a, b) = pairs[p];
            var joint = new double[sizes[a] * sizes[b]];
            Accumulate(joint, realCells[a], realCells[b], sizes[b], 1.0 / Math.Max(1, real.RowCount));
            Accumulate(joint, syntheticCells[a], syntheticCells[b], sizes[b], -1.0 / Math.Max(1, synthetic.RowCount));
            double sum = 0;
            foreach (double d in joint)
            {
                sum += Math.Abs(d);
            }

            values[p] = 1 - (sum / 2);
        });

        var scores = new SortedDictionary<string, double>(StringComparer.Ordinal);
        for (int p = 0; p < pairs.Count; p++)
        {
            scores[$"{real.Columns[pairs[p].A].Name} ~ {real.Columns[pairs[p].B].Name}"] = values[p];
        }

        return new FidelityScores(scores.Count == 0 ? double.NaN : values.Average(), scores);
    }

    private static void Accumulate(double[] joint, int[] a, int[] b, int sizeB, double weight)
    {
        for (int r = 0; r < a.Length; r++)
        {
            joint[(a[r] * sizeB) + b[r]] += weight;
        }
    }

    /// <summary>Cell numbers of both columns' rows in a shared set of cells, and the number of cells.</summary>
    private static (int[] Real, int[] Synthetic, int Size) Discretize(Column real, Column synthetic)
    {
        if (real is CategoricalColumn rc && synthetic is CategoricalColumn sc)
        {
            // Synthetic categories the real data lacks share one extra cell (never matched by real rows).
            int unknown = rc.Categories.Count;
            var map = sc.Categories.Select(c => rc.CodeOf(c) is int code and >= 0 ? code : unknown).ToArray();
            return ((int[])rc.Codes.Clone(), [.. sc.Codes.Select(c => map[c])], unknown + 1);
        }

        var rn = (NumericColumn)real;
        var sn = (NumericColumn)synthetic;
        double min = rn.Min, width = (rn.Max - rn.Min) / ContingencyBins;
        int Bin(double v) => double.IsNaN(v) ? ContingencyBins
            : double.IsNaN(min) || width <= 0 ? 0
            : Math.Clamp((int)Math.Floor((v - min) / width), 0, ContingencyBins - 1);
        return ([.. rn.Values.Select(Bin)], [.. sn.Values.Select(Bin)], ContingencyBins + 1);
    }
}
