using MLNet.Gan.Tabular;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// Finds whether a row matches some real row (categories equal, numbers within a relative tolerance
/// of the real value, missing cells in the same places) without comparing it to every real row: real
/// rows are grouped by their categories and missing-cell pattern, and each group is sorted on the
/// numeric column with the most distinct values, so a lookup checks only the rows whose key value
/// lies in the tolerance window.
/// </summary>
internal sealed class RowMatchIndex
{
    private readonly Table _real;
    private readonly double _tolerance;
    private readonly int[] _numeric;
    private readonly int[] _categorical;
    private readonly int[] _keyRanking;
    private readonly Dictionary<ulong, Group> _groups = [];

    public RowMatchIndex(Table real, double tolerance)
    {
        _real = real;
        _tolerance = tolerance;
        _numeric = [.. Enumerable.Range(0, real.Columns.Count).Where(j => real.Columns[j] is NumericColumn)];
        _categorical = [.. Enumerable.Range(0, real.Columns.Count).Where(j => real.Columns[j] is CategoricalColumn)];
        _keyRanking = [.. _numeric.OrderByDescending(j => ((NumericColumn)real.Columns[j]).Values.Where(v => !double.IsNaN(v)).Distinct().Count()).ThenBy(j => j)];
        var cells = new double[real.Columns.Count];
        var identity = CategoryMaps(real);
        var members = new Dictionary<ulong, List<int>>();
        for (int row = 0; row < real.RowCount; row++)
        {
            Read(real, row, identity, cells);
            ulong key = GroupKey(cells);
            if (!members.TryGetValue(key, out var list))
            {
                members[key] = list = [];
            }

            list.Add(row);
        }

        foreach (var (key, rows) in members)
        {
            Read(real, rows[0], identity, cells);
            int at = Array.FindIndex(_keyRanking, j => !double.IsNaN(cells[j]));
            int keyColumn = at < 0 ? -1 : _keyRanking[at];
            var keys = keyColumn < 0 ? new double[rows.Count] : rows.Select(r => ((NumericColumn)real.Columns[keyColumn]).Values[r]).ToArray();
            var sortedRows = rows.ToArray();
            Array.Sort(keys, sortedRows);
            _groups[key] = new Group(keyColumn, sortedRows, keys);
        }
    }

    /// <summary>
    /// True when row <paramref name="row"/> of <paramref name="table"/> (aligned to the real table)
    /// matches a real row. <paramref name="maps"/> come from <see cref="CategoryMaps"/> of that table;
    /// <paramref name="cells"/> is scratch space, one per thread.
    /// </summary>
    public bool Matches(Table table, int row, int[][] maps, double[] cells)
    {
        if (!Read(table, row, maps, cells) || !_groups.TryGetValue(GroupKey(cells), out var group))
        {
            return false;
        }

        int from = 0, to = group.Rows.Length;
        if (group.KeyColumn >= 0)
        {
            double s = cells[group.KeyColumn];
            double a = s / (1 + _tolerance), b = s / (1 - _tolerance); // |s − r| ≤ t|r| puts r between these
            double lo = Math.Min(a, b), hi = Math.Max(a, b);
            lo -= Math.Abs(lo) * 1e-12;
            hi += Math.Abs(hi) * 1e-12;
            from = LowerBound(group.Keys, lo);
            to = LowerBound(group.Keys, Math.BitIncrement(hi));
        }

        for (int k = from; k < to; k++)
        {
            if (Equal(group.Rows[k], cells))
            {
                return true;
            }
        }

        return false;
    }

    private bool Equal(int realRow, double[] cells)
    {
        foreach (int j in _categorical)
        {
            if (((CategoricalColumn)_real.Columns[j]).Codes[realRow] != cells[j])
            {
                return false;
            }
        }

        foreach (int j in _numeric)
        {
            double r = ((NumericColumn)_real.Columns[j]).Values[realRow], s = cells[j];
            if (double.IsNaN(r) != double.IsNaN(s) || Math.Abs(s - r) > _tolerance * Math.Abs(r))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads a row as real codes and numbers; false when a category is unknown to the real data (no match possible).</summary>
    private bool Read(Table table, int row, int[][] maps, double[] cells)
    {
        foreach (int j in _numeric)
        {
            cells[j] = ((NumericColumn)table.Columns[j]).Values[row];
        }

        for (int c = 0; c < _categorical.Length; c++)
        {
            int j = _categorical[c];
            int code = maps[c][((CategoricalColumn)table.Columns[j]).Codes[row]];
            if (code < 0)
            {
                return false;
            }

            cells[j] = code;
        }

        return true;
    }

    private ulong GroupKey(double[] cells)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over the codes and the missing flags; collisions only cost speed
        foreach (int j in _categorical)
        {
            h = (h ^ (ulong)(long)cells[j]) * 1099511628211UL;
        }

        foreach (int j in _numeric)
        {
            h = (h ^ (double.IsNaN(cells[j]) ? 1UL : 2UL)) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>For each categorical column of <paramref name="table"/>, its codes as real codes (−1: a category the real data lacks).</summary>
    public int[][] CategoryMaps(Table table)
        => [.. _categorical.Select(j => ((CategoricalColumn)table.Columns[j]).Categories.Select(((CategoricalColumn)_real.Columns[j]).CodeOf).ToArray())];

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private sealed record Group(int KeyColumn, int[] Rows, double[] Keys);
}
