using MLNet.Gan.Tabular;

namespace MLNet.Gan.Encoding;

/// <summary>
/// A point mass that several columns take on the same rows: give_me_some_credit's code 98 appears in
/// all three "times past due" columns of a row or in none. A generator that learns each column's
/// spike on its own writes 98 into one column of a row and an ordinary count into the others, a row
/// the real data never has, which a detector spots and which breaks the columns' correlation (the
/// code dominates it). Generated rows that break the link are drawn again.
/// </summary>
/// <param name="Value">The shared value.</param>
/// <param name="Columns">The encoder's column indices that share it (two or more).</param>
internal sealed record LinkedPointMass(double Value, IReadOnlyList<int> Columns)
{
    /// <summary>Least overlap (rows with the value in both ÷ rows with it in either) of two columns' rows for a link. 0.9.</summary>
    public const double MinOverlap = 0.9;

    /// <summary>Fewest rows holding the value in a column for a link to be trusted. 10.</summary>
    public const int MinRows = 10;

    /// <summary>
    /// The links in <paramref name="table"/>: point masses of two or more fitted continuous columns at
    /// the same value whose rows overlap by at least <see cref="MinOverlap"/> (joined transitively).
    /// </summary>
    public static IReadOnlyList<LinkedPointMass> Find(Table table, IReadOnlyList<ColumnEncoder> encoders)
    {
        var byValue = new Dictionary<double, List<int>>();
        for (int i = 0; i < encoders.Count; i++)
        {
            if (encoders[i] is ContinuousEncoder c)
            {
                foreach (double v in c.PointMasses)
                {
                    (byValue.TryGetValue(v, out var list) ? list : byValue[v] = []).Add(i);
                }
            }
        }

        var links = new List<LinkedPointMass>();
        foreach (var (value, columns) in byValue.OrderBy(kv => kv.Key))
        {
            if (columns.Count < 2)
            {
                continue;
            }

            var rows = columns.Select(i => RowsWith((NumericColumn)table[encoders[i].Name], value)).ToArray();
            var group = Enumerable.Range(0, columns.Count).ToArray(); // union-find over the columns
            int Root(int x) => group[x] == x ? x : group[x] = Root(group[x]);
            for (int a = 0; a < columns.Count; a++)
            {
                for (int b = a + 1; b < columns.Count; b++)
                {
                    if (rows[a].Count >= MinRows && rows[b].Count >= MinRows && Overlap(rows[a], rows[b]) >= MinOverlap)
                    {
                        group[Root(b)] = Root(a);
                    }
                }
            }

            foreach (var members in Enumerable.Range(0, columns.Count).GroupBy(Root).Where(g => g.Count() >= 2))
            {
                links.Add(new LinkedPointMass(value, [.. members.Select(m => columns[m])]));
            }
        }

        return links;
    }

    /// <summary>The rule in one line, naming the columns of <paramref name="encoder"/>.</summary>
    public string Describe(TableEncoder encoder)
        => $"{string.Join(", ", Columns.Select(i => encoder.Columns[i].Name))}: {Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} occurs on the same rows in each: generated rows have it in all of them or in none";

    /// <summary>Whether an encoded row has the value in all of the linked columns or in none.</summary>
    public bool Holds(ReadOnlySpan<float> encodedRow, TableEncoder encoder)
    {
        int count = 0;
        for (int j = 0; j < Columns.Count; j++)
        {
            int i = Columns[j];
            var column = (ContinuousEncoder)encoder.Columns[i];
            count += column.HasPointMass(encodedRow.Slice(encoder.OffsetOf(i), column.Width), Value) ? 1 : 0;
        }

        return count == 0 || count == Columns.Count;
    }

    private static HashSet<int> RowsWith(NumericColumn column, double value)
    {
        var rows = new HashSet<int>();
        for (int r = 0; r < column.Length; r++)
        {
            if (column.Values[r] == value)
            {
                rows.Add(r);
            }
        }

        return rows;
    }

    private static double Overlap(HashSet<int> a, HashSet<int> b)
    {
        int both = a.Count(b.Contains);
        return both / (double)(a.Count + b.Count - both);
    }
}
