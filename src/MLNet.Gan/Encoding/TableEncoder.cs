using MLNet.Gan.Compute;
using MLNet.Gan.Layers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Encoding;

/// <summary>
/// The reversible table encoder: mode-specific normalisation for continuous columns, one-hot for
/// discrete ones. It reports its layout as spans (α, mode one-hot, missing one-hot, category one-hot)
/// for the generator's output activations and losses.
/// </summary>
internal sealed class TableEncoder
{
    /// <summary>Smallest σ of a mode of an integer column (see <see cref="Fit"/>).</summary>
    public const double IntegerMinStdDev = 0.5;

    private readonly ColumnEncoder[] _columns;
    private readonly int[] _offsets;
    private readonly EncodedSpan[] _spans;

    /// <summary>Creates an encoder from fitted column encoders (in table column order) and the point masses they share.</summary>
    public TableEncoder(IReadOnlyList<ColumnEncoder> columns, IReadOnlyList<LinkedPointMass>? links = null)
    {
        _columns = [.. columns];
        Links = links ?? [];
        _offsets = new int[_columns.Length];
        var spans = new List<EncodedSpan>();
        int offset = 0;
        for (int i = 0; i < _columns.Length; i++)
        {
            _offsets[i] = offset;
            foreach (var (role, start, length) in _columns[i].LocalSpans)
            {
                spans.Add(new EncodedSpan(i, role, offset + start, length));
            }

            offset += _columns[i].Width;
        }

        Width = offset;
        _spans = [.. spans];
    }

    /// <summary>Point masses that columns take on the same rows; generated rows must have each in all its columns or none.</summary>
    public IReadOnlyList<LinkedPointMass> Links { get; }

    /// <summary>Whether an encoded row keeps every <see cref="Links">link</see>.</summary>
    public bool KeepsLinks(ReadOnlySpan<float> encodedRow)
    {
        for (int l = 0; l < Links.Count; l++)
        {
            if (!Links[l].Holds(encodedRow, this))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The column encoders, in table column order.</summary>
    public IReadOnlyList<ColumnEncoder> Columns => _columns;

    /// <summary>Total encoded width.</summary>
    public int Width { get; }

    /// <summary>The encoded layout, in column order.</summary>
    public IReadOnlyList<EncodedSpan> Spans => _spans;

    /// <summary>Where column <paramref name="index"/>'s block starts.</summary>
    public int OffsetOf(int index) => _offsets[index];

    /// <summary>The layout as activation spans: tanh on α, Gumbel-softmax on every one-hot.</summary>
    public IReadOnlyList<ColumnSpan> ActivationSpans
        => [.. _spans.Select(s => new ColumnSpan(s.Start, s.Length, s.Role == SpanRole.Alpha ? SpanKind.Tanh : SpanKind.GumbelSoftmax))];

    /// <summary>One line per column whose modelling the data changed: point masses and identifiers.</summary>
    public IEnumerable<string> DescribeRules()
    {
        foreach (var link in Links)
        {
            yield return link.Describe(this);
        }

        foreach (var column in _columns)
        {
            switch (column)
            {
                case DiscreteEncoder { Pooled.Count: > 0 } d:
                    yield return $"{d.Name}: {d.Categories.Count + d.Pooled.Count:N0} categories: the {d.Categories.Count:N0} most frequent modelled, the other {d.Pooled.Count:N0} ({d.PooledCounts.Sum():N0} rows) pooled as one and drawn by their frequencies when sampling";
                    break;
                case IdentifierEncoder id:
                    yield return $"{id.Name}: an identifier (distinct whole numbers): not modelled; synthetic rows get fresh ids from {id.Max + 1:R}";
                    break;
                case ContinuousEncoder { PointMasses.Count: > 1, Modes.Count: 0 } c:
                    yield return $"{c.Name}: {c.PointMasses.Count:N0} levels ({Format(c.PointMasses[0])} … {Format(c.PointMasses[^1])}), each reproduced exactly, none between them";
                    break;
                case ContinuousEncoder { PointMasses.Count: > 0 } c:
                    yield return $"{c.Name}: point masses {string.Join(", ", c.PointMasses.Select(Format))} reproduced exactly; the rest as {c.Modes.Count} Gaussian mode(s){(c.LogScale ? " of log(1 + x − min) (a long tail)" : "")}{(c.IsInteger ? ", rounded to integers" : "")}";
                    break;
                case ContinuousEncoder { LogScale: true } c:
                    yield return $"{c.Name}: a long tail: {c.Modes.Count} Gaussian mode(s) of log(1 + x − min){(c.IsInteger ? ", rounded to integers" : "")}";
                    break;
            }
        }
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Fits one encoder per column (continuous columns in parallel, each from its own seeded stream).</summary>
    public static TableEncoder Fit(Table table, TableEncoderOptions? options = null)
    {
        options ??= new TableEncoderOptions();
        options.Validate();
        var encoders = new ColumnEncoder[table.Columns.Count];
        ParallelColumns.For(encoders.Length, i => encoders[i] = FitColumn(table.Columns[i], i, options));
        return new TableEncoder(encoders, options.LinkPointMasses ? LinkedPointMass.Find(table, encoders) : []);
    }

    private static ColumnEncoder FitColumn(Column column, int index, TableEncoderOptions options)
    {
        if (column is CategoricalColumn c)
        {
            return FitDiscrete(c, options.MaxCategories);
        }

        var n = (NumericColumn)column;
        if (options.DetectIdentifiers && IdentifierEncoder.Detect(n))
        {
            return new IdentifierEncoder(n.Name, n.Max, n.MissingToken);
        }

        var present = n.Values.Where(v => !double.IsNaN(v)).ToArray();
        if (present.Length == 0)
        {
            throw new DataFormatException("every cell is missing; drop the column.", column: n.Name);
        }

        var pointMasses = options.PointMasses.TryGetValue(n.Name, out var given) ? [.. given]
            : Levels(n, present, options.LevelsUpTo, options.LevelRows) ?? PointMass.Find(present, options.PointMassShare, options.PointMassRatio, options.MaxPointMasses);
        if (pointMasses.Length > 0)
        {
            var masses = pointMasses.ToHashSet();
            present = [.. present.Where(v => !masses.Contains(v))];
            if (present.Length == 0)
            {
                return new ContinuousEncoder(n.Name, new GaussianMixture1D([], [], []), n.MissingCount > 0, n.IsInteger, n.Min, n.Max, n.MissingToken, pointMasses);
            }
        }

        bool logScale = options.LogScale.TryGetValue(n.Name, out bool forced) ? forced : HasLongTail(present, options.LongTailRatio);
        if (logScale)
        {
            double min = n.Min;
            present = [.. present.Select(v => ContinuousEncoder.LogScaleOf(v, min))];
        }

        if (present.Length > options.FitSampleSize)
        {
            var rng = RandomStream.Create(options.Seed, streamId: 0x5A3E + index);
            rng.Shuffle(present.AsSpan());
            present = present[..options.FitSampleSize];
        }

        var mixture = options.MergeRedundantModes
            ? BayesianGaussianMixture.FitModes(present, options.MaxModes, options.WeightConcentration, options.MaxIterations, options.WeightThreshold, options.Seed + index)
            : BayesianGaussianMixture.KeepSignificant(BayesianGaussianMixture.Fit(present, options.MaxModes, options.WeightConcentration, options.MaxIterations, seed: options.Seed + index), logScale ? options.LongTailWeightThreshold : options.WeightThreshold);
        if (n.IsInteger)
        {
            // Counts (0, 1, 2 …) make the mixture put zero-width spikes on common values; a rare
            // neighbour (5 beside a spike at 4) would then clip α and decode as the spike. Half a
            // unit of σ keeps every integer within ±2 of a mode exactly representable. On the log
            // scale one unit near a mode's centre t is e^−t wide.
            var means = mixture.Means;
            mixture = mixture with { StdDevs = [.. mixture.StdDevs.Select((s, j) => Math.Max(s, logScale ? IntegerMinStdDev * Math.Exp(-means[j]) : IntegerMinStdDev))] };
        }

        return new ContinuousEncoder(n.Name, mixture, n.MissingCount > 0, n.IsInteger, n.Min, n.Max, n.MissingToken, pointMasses, logScale);
    }

    /// <summary>Every distinct value, ascending, of a non-integer column of levels (see <see cref="TableEncoderOptions.LevelsUpTo"/>); otherwise null.</summary>
    private static double[]? Levels(NumericColumn column, double[] present, int upTo, int rowsPerLevel)
    {
        const int MostLevels = 1000;
        if (upTo <= 0 || column.IsInteger)
        {
            return null;
        }

        int most = Math.Min(MostLevels, Math.Max(upTo, rowsPerLevel > 0 ? present.Length / rowsPerLevel : 0));
        var distinct = new HashSet<double>();
        foreach (double v in present)
        {
            if (distinct.Add(v) && distinct.Count > most)
            {
                return null;
            }
        }

        return [.. distinct.Order()];
    }

    /// <summary>Keeps the <paramref name="maxCategories"/> most frequent categories (in their first-seen order) and pools the rest, when there are more.</summary>
    private static DiscreteEncoder FitDiscrete(CategoricalColumn c, int maxCategories)
    {
        if (maxCategories <= 0 || c.Categories.Count <= maxCategories)
        {
            return new DiscreteEncoder(c.Name, c.Categories);
        }

        var counts = new int[c.Categories.Count];
        foreach (int code in c.Codes)
        {
            counts[code]++;
        }

        // the most frequent first; ties by first-seen order, so the choice does not depend on sorting
        var order = Enumerable.Range(0, counts.Length).OrderByDescending(k => counts[k]).ThenBy(k => k).ToArray();
        var kept = order[..maxCategories].Order().ToArray();
        var pooled = order[maxCategories..].Order().ToArray();
        return new DiscreteEncoder(c.Name, [.. kept.Select(k => c.Categories[k])], [.. pooled.Select(k => c.Categories[k])], [.. pooled.Select(k => counts[k])]);
    }

    /// <summary>Whether the largest value lies more than <paramref name="ratio"/> interquartile ranges above the median (false when the ratio is 0 or the range is empty).</summary>
    internal static bool HasLongTail(double[] values, double ratio)
    {
        if (ratio <= 0 || values.Length < 4)
        {
            return false;
        }

        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double Quantile(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        double iqr = Quantile(0.75) - Quantile(0.25);
        return iqr > 0 && (sorted[^1] - Quantile(0.5)) > ratio * iqr;
    }

    /// <summary>
    /// Encodes every row; modes are drawn from a stream per column derived from <paramref name="seed"/>
    /// (or taken as the most likely, as <paramref name="modeSelection"/> says). Categories and missing
    /// cells unseen when fitting are errors, or blocks of zeros with <paramref name="unknownAsZeros"/>.
    /// </summary>
    public Matrix Transform(Table table, long seed, ModeSelection modeSelection = ModeSelection.Sample, bool unknownAsZeros = false)
    {
        var output = new Matrix(table.RowCount, Width);
        var columns = new Column[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            columns[i] = Match(table, i);
        }

        ParallelColumns.For(_columns.Length, i => _columns[i].Encode(columns[i], output, _offsets[i], RandomStream.Create(seed, streamId: 0xE0C0 + i), modeSelection, unknownAsZeros));
        return output;
    }

    /// <summary>
    /// Decodes encoded rows (real or generated) back into a table with the fitted columns. Integer
    /// columns are rounded unless <paramref name="roundIntegers"/> is false.
    /// </summary>
    public Table InverseTransform(Matrix encoded, string? label = null, bool roundIntegers = true) => InverseTransform(encoded, label, roundIntegers, null);

    /// <summary>
    /// Decodes as <see cref="InverseTransform(Matrix, string?, bool)"/>, drawing pooled rare categories
    /// from <paramref name="rng"/> (sampling passes a stream of its seed, so the rows are reproducible).
    /// </summary>
    public Table InverseTransform(Matrix encoded, string? label, bool roundIntegers, RandomStream? rng)
    {
        if (encoded.Cols != Width)
        {
            throw new ArgumentException($"Encoded rows have width {encoded.Cols}; this encoder's width is {Width}.", nameof(encoded));
        }

        var columns = new Column[_columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = _columns[i].Decode(encoded, _offsets[i], roundIntegers, rng);
        }

        return new Table(columns, label);
    }

    private Column Match(Table table, int i)
    {
        var encoder = _columns[i];
        if (!table.Contains(encoder.Name))
        {
            throw new DataFormatException($"the table has no column '{encoder.Name}', which the encoder was fitted with.", column: encoder.Name);
        }

        var column = table[encoder.Name];
        if (column.Kind != encoder.Kind)
        {
            throw new DataFormatException($"expected a {encoder.Kind} column, got {column.Kind}.", column: encoder.Name);
        }

        return column;
    }
}
