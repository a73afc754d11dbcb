using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>A fidelity score per column or pair, and their mean.</summary>
public sealed record FidelityScores(double Mean, IReadOnlyDictionary<string, double> PerItem);

/// <summary>
/// Column-shape and pair-trend fidelity of synthetic data against real data (1 is best):
/// KS complement for numeric columns, TV complement for categorical ones, correlation similarity for
/// numeric pairs. Columns are matched by name; missing numeric cells are left out of each statistic.
/// </summary>
public static partial class Fidelity
{
    /// <summary>1 − the two-sample Kolmogorov–Smirnov statistic of every numeric column, and their mean.</summary>
    public static FidelityScores KsComplement(Table real, Table synthetic)
        => Score(real, synthetic, c => c is NumericColumn, (a, b) => 1 - KsStatistic(Present((NumericColumn)a), Present((NumericColumn)b)));

    /// <summary>1 − ½ Σ |p_synthetic − p_real| over the categories of every categorical column, and their mean.</summary>
    public static FidelityScores TvComplement(Table real, Table synthetic)
        => Score(real, synthetic, c => c is CategoricalColumn, (a, b) => 1 - TotalVariation((CategoricalColumn)a, (CategoricalColumn)b));

    /// <summary>1 − |ρ_real − ρ_synthetic| / 2 (Pearson) for every pair of numeric columns, and their mean.</summary>
    public static FidelityScores CorrelationSimilarity(Table real, Table synthetic)
    {
        var numeric = real.Columns.OfType<NumericColumn>().Select(c => c.Name).ToArray();
        var syntheticColumns = real.Columns.OfType<NumericColumn>().Select(c => (NumericColumn)TableMatching.Match(c, synthetic, TableMatching.SyntheticData)).ToArray();
        var pairScores = new double[numeric.Length][];
        Compute.ParallelColumns.For(numeric.Length, i =>
        {
            pairScores[i] = new double[numeric.Length];
            for (int j = i + 1; j < numeric.Length; j++)
            {
                double rr = Pearson((NumericColumn)real[numeric[i]], (NumericColumn)real[numeric[j]]);
                double rs = Pearson(syntheticColumns[i], syntheticColumns[j]);
                // a constant column has no correlation to compare
                pairScores[i][j] = double.IsNaN(rr) || double.IsNaN(rs) ? double.NaN : 1 - (Math.Abs(rr - rs) / 2);
            }
        });

        var scores = new SortedDictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < numeric.Length; i++)
        {
            for (int j = i + 1; j < numeric.Length; j++)
            {
                if (!double.IsNaN(pairScores[i][j]))
                {
                    scores[$"{numeric[i]} ~ {numeric[j]}"] = pairScores[i][j];
                }
            }
        }

        return new FidelityScores(scores.Count == 0 ? double.NaN : scores.Values.Average(), scores);
    }

    /// <summary>The two-sample KS statistic: the largest gap between the two empirical CDFs.</summary>
    public static double KsStatistic(double[] a, double[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 0 : 1;
        }

        Array.Sort(a);
        Array.Sort(b);
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            double x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs((i / (double)a.Length) - (j / (double)b.Length)));
        }

        return d;
    }

    private static double TotalVariation(CategoricalColumn real, CategoricalColumn synthetic)
    {
        var p = Frequencies(real);
        var q = Frequencies(synthetic);
        double sum = 0;
        foreach (var key in p.Keys.Union(q.Keys))
        {
            sum += Math.Abs(p.GetValueOrDefault(key) - q.GetValueOrDefault(key));
        }

        return sum / 2;
    }

    /// <summary>Each category's share of the rows, by category name.</summary>
    /// <param name="c">The column whose categories are counted.</param>
    public static Dictionary<string, double> Frequencies(CategoricalColumn c)
    {
        var counts = c.Counts();
        return c.Categories.Select((name, i) => (name, i)).ToDictionary(t => t.name, t => counts[t.i] / (double)Math.Max(1, c.Length));
    }

    /// <summary>The Pearson correlation of two numeric columns of equal length, over the rows where neither is missing.</summary>
    /// <param name="x">The first column.</param>
    /// <param name="y">The second column, as long as <paramref name="x"/>.</param>
    public static double Pearson(NumericColumn x, NumericColumn y)
    {
        double n = 0, sx = 0, sy = 0;
        for (int r = 0; r < x.Length; r++)
        {
            if (!double.IsNaN(x.Values[r]) && !double.IsNaN(y.Values[r]))
            {
                (n, sx, sy) = (n + 1, sx + x.Values[r], sy + y.Values[r]);
            }
        }

        double mx = sx / n, my = sy / n, cxy = 0, cxx = 0, cyy = 0;
        for (int r = 0; r < x.Length; r++)
        {
            if (!double.IsNaN(x.Values[r]) && !double.IsNaN(y.Values[r]))
            {
                double dx = x.Values[r] - mx, dy = y.Values[r] - my;
                (cxy, cxx, cyy) = (cxy + (dx * dy), cxx + (dx * dx), cyy + (dy * dy));
            }
        }

        return cxx == 0 || cyy == 0 ? double.NaN : cxy / Math.Sqrt(cxx * cyy);
    }

    private static FidelityScores Score(Table real, Table synthetic, Func<Column, bool> applies, Func<Column, Column, double> score)
    {
        var scores = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var column in real.Columns.Where(applies))
        {
            scores[column.Name] = score(column, TableMatching.Match(column, synthetic, TableMatching.SyntheticData));
        }

        return new FidelityScores(scores.Count == 0 ? double.NaN : scores.Values.Average(), scores);
    }


    private static double[] Present(NumericColumn c) => [.. c.Values.Where(v => !double.IsNaN(v))];
}
