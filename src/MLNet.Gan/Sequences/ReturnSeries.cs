using MLNet.Gan.Tabular;

namespace MLNet.Gan.Sequences;

/// <summary>How to read a return series from a CSV.</summary>
public sealed class SeriesReadOptions
{
    /// <summary>The column that orders the rows (a day number or a date); null: the file's order. Default "day" when present.</summary>
    public string? OrderColumn { get; set; }

    /// <summary>The asset columns; empty: every column but the order column.</summary>
    public IReadOnlyCollection<string> Assets { get; set; } = [];

    /// <summary>The columns hold prices, turned into log returns ln(pₜ / pₜ₋₁); otherwise they hold returns.</summary>
    public bool Prices { get; set; }

    /// <summary>The fewest returns a series may have. Default 250 (a year of trading days).</summary>
    public int MinimumLength { get; set; } = 250;
}

/// <summary>
/// One or several aligned return series (assets × days), read from a table: ordered by a day or date
/// column, every cell a number (a missing cell is a gap, which is an error that names its line),
/// prices turned into log returns on request.
/// </summary>
public sealed class ReturnSeries
{
    /// <summary>Creates a series from returns per asset (all the same length).</summary>
    public ReturnSeries(IReadOnlyList<string> assets, double[][] returns)
    {
        if (assets.Count == 0 || assets.Count != returns.Length)
        {
            throw new ArgumentException("A series needs one name per asset and at least one asset.");
        }

        if (returns.Any(r => r.Length != returns[0].Length))
        {
            throw new ArgumentException("Every asset's returns must have the same length.");
        }

        Assets = assets;
        Returns = returns;
    }

    /// <summary>The asset names.</summary>
    public IReadOnlyList<string> Assets { get; }

    /// <summary>Returns per asset, in time order.</summary>
    public double[][] Returns { get; }

    /// <summary>Days.</summary>
    public int Length => Returns[0].Length;

    /// <summary>Days <paramref name="first"/> … <paramref name="last"/> (1-based, inclusive, in the series' order) as a series of their own.</summary>
    public ReturnSeries Days(int first, int last)
    {
        if (first < 1 || last > Length || first > last)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"Days {first:N0}–{last:N0} are not a period of the series' {Length:N0} days (1–{Length:N0}).");
        }

        return new ReturnSeries(Assets, [.. Returns.Select(r => r[(first - 1)..last])]);
    }

    /// <summary>
    /// The log returns of a portfolio rebalanced to <paramref name="weights"/> (one per asset, summing to 1)
    /// every day: ln Σₐ wₐ·exp(rₐ,ₜ), the asset returns being log returns. One asset named "portfolio".
    /// </summary>
    public ReturnSeries Portfolio(IReadOnlyList<double> weights)
    {
        if (weights.Count != Assets.Count || Math.Abs(weights.Sum() - 1) > 1e-6)
        {
            throw new ArgumentException($"A portfolio needs one weight per asset ({Assets.Count}), summing to 1.", nameof(weights));
        }

        var portfolio = new double[Length];
        for (int t = 0; t < Length; t++)
        {
            double growth = 0;
            for (int a = 0; a < Assets.Count; a++)
            {
                growth += weights[a] * Math.Exp(Returns[a][t]);
            }

            portfolio[t] = growth > 0 ? Math.Log(growth) : throw new ArgumentException($"The portfolio loses everything on day {t + 1} (short weights): its log return is undefined.", nameof(weights));
        }

        return new ReturnSeries(["portfolio"], [portfolio]);
    }

    /// <summary>Reads a CSV (.csv or .csv.gz) of returns or prices.</summary>
    public static ReturnSeries Read(string path, SeriesReadOptions? options = null)
    {
        options ??= new SeriesReadOptions();
        var table = CsvTable.Read(path, new CsvReadOptions { DropRowIndex = false, MaxCategories = int.MaxValue });
        return FromTable(table, options, Path.GetFileName(path));
    }

    /// <summary>The series in <paramref name="table"/> (row i is line i + 2 of <paramref name="source"/> in errors).</summary>
    public static ReturnSeries FromTable(Table table, SeriesReadOptions options, string source = "the data")
    {
        string? order = options.OrderColumn ?? (table.Contains("day") ? "day" : table.Contains("date") ? "date" : null);
        if (order is not null && !table.Contains(order))
        {
            throw new DataFormatException($"there is no order column '{order}'. Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.", source);
        }

        var assets = options.Assets.Count > 0 ? [.. options.Assets] : table.Columns.Select(c => c.Name).Where(n => n != order).ToArray();
        foreach (var name in assets)
        {
            if (!table.Contains(name))
            {
                throw new DataFormatException($"there is no column '{name}'. Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.", source);
            }
        }

        int[] rows = Order(table, order, source);
        var values = new double[assets.Length][];
        for (int a = 0; a < assets.Length; a++)
        {
            if (table[assets[a]] is not NumericColumn numbers)
            {
                var text = (CategoricalColumn)table[assets[a]];
                int first = Enumerable.Range(0, text.Length).First(r => !double.TryParse(text.Format(r), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
                throw new DataFormatException($"'{text.Format(first)}' is not a number; a {(options.Prices ? "price" : "return")} series needs a number in every cell.", source, first + 2, assets[a]);
            }

            values[a] = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                double v = numbers.Values[rows[i]];
                if (double.IsNaN(v))
                {
                    throw new DataFormatException("the cell is empty: a gap in the series (fill or drop the day in every column).", source, rows[i] + 2, assets[a]);
                }

                if (options.Prices && !(v > 0))
                {
                    throw new DataFormatException($"price {v} is not positive; log returns need positive prices.", source, rows[i] + 2, assets[a]);
                }

                values[a][i] = v;
            }

            if (options.Prices)
            {
                values[a] = LogReturns(values[a]);
            }
        }

        int length = values[0].Length;
        if (length < options.MinimumLength)
        {
            throw new DataFormatException($"the series has {length} {(options.Prices ? "returns (one fewer than prices)" : "returns")}; at least {options.MinimumLength} are needed to fit and evaluate it.", source);
        }

        return new ReturnSeries(assets, values);
    }

    /// <summary>ln(pₜ / pₜ₋₁) for t = 1 … n − 1.</summary>
    public static double[] LogReturns(ReadOnlySpan<double> prices)
    {
        var r = new double[Math.Max(0, prices.Length - 1)];
        for (int t = 1; t < prices.Length; t++)
        {
            r[t - 1] = Math.Log(prices[t] / prices[t - 1]);
        }

        return r;
    }

    /// <summary>Row indices in the order column's order (numbers or text dates, which sort as ISO dates do); duplicates are an error.</summary>
    private static int[] Order(Table table, string? order, string source)
    {
        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        if (order is null)
        {
            return rows;
        }

        var column = table[order];
        Comparison<int> compare = column is NumericColumn n
            ? (a, b) => n.Values[a].CompareTo(n.Values[b])
            : (a, b) => string.CompareOrdinal(column.Format(a), column.Format(b));
        Array.Sort(rows, compare);
        for (int i = 1; i < rows.Length; i++)
        {
            if (compare(rows[i - 1], rows[i]) == 0)
            {
                throw new DataFormatException($"'{column.Format(rows[i])}' appears twice (also on line {rows[i - 1] + 2}); each day must be one row.", source, rows[i] + 2, order);
            }
        }

        return rows;
    }
}
