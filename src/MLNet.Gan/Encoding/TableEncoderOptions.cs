namespace MLNet.Gan.Encoding;

/// <summary>Options of <see cref="TableEncoder.Fit"/>; the defaults are CTGAN's.</summary>
public sealed class TableEncoderOptions
{
    /// <summary>A copy (the per-column dictionaries are copied too).</summary>
    public TableEncoderOptions Clone()
    {
        var copy = (TableEncoderOptions)MemberwiseClone();
        copy.LogScale = LogScale.ToDictionary();
        copy.PointMasses = PointMasses.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)[.. p.Value]);
        return copy;
    }

    /// <summary>Most mixture components per continuous column. Default 10.</summary>
    public int MaxModes { get; set; } = 10;

    /// <summary>Components with a smaller weight are dropped. Default 0.005.</summary>
    public double WeightThreshold { get; set; } = 0.005;

    /// <summary>Concentration of the stick-breaking prior: small values switch unused modes off. Default 0.001.</summary>
    public double WeightConcentration { get; set; } = 1e-3;

    /// <summary>Most variational EM iterations. Default 100.</summary>
    public int MaxIterations { get; set; } = 100;

    /// <summary>Columns longer than this are fitted on a seeded sample of this many values (all rows are still encoded). Default 100,000.</summary>
    public int FitSampleSize { get; set; } = 100_000;

    /// <summary>Seed of the k-means initialisation and the fit sample. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>
    /// Merge redundant neighbouring modes, keeping the mixture with the lowest AIC along the merge path
    /// (see <see cref="BayesianGaussianMixture.MergeRedundant"/>). Default false: it helped CTGAN while
    /// CTGAN drew each value's mode, but with the most likely mode both synthesizers measured better
    /// without it (docs/algorithms.md).
    /// </summary>
    public bool MergeRedundantModes { get; set; }

    /// <summary>
    /// How a training value picks its mode when the synthesizer encodes its rows. Default
    /// <see cref="ModeSelection.Sample"/> (as specified); CTGAN uses <see cref="ModeSelection.MostLikely"/>,
    /// TVAE <see cref="ModeSelection.MostLikelyForIntegers"/>.
    /// </summary>
    public ModeSelection ModeSelection { get; set; } = ModeSelection.Sample;

    /// <summary>
    /// A value of a continuous column is a point mass (a mode of its own, carried exactly) when it
    /// holds at least this share of the column's present values … Default 0.01. 0 turns point masses off.
    /// </summary>
    public double PointMassShare { get; set; } = 0.01;

    /// <summary>
    /// … and at least this many times the mean share of its two neighbouring distinct values (a
    /// spike, not the top of a smooth hump: 98 among small counts, 0.9999999 among utilisations, a
    /// round income; not the commonest age). Default 3.
    /// </summary>
    public double PointMassRatio { get; set; } = 3;

    /// <summary>Most point masses per column (the largest shares). Default 10.</summary>
    public int MaxPointMasses { get; set; } = 10;

    /// <summary>
    /// Leave identifier columns out of the model and write fresh identifiers for them (see
    /// <see cref="IdentifierEncoder.Detect"/>). Default true.
    /// </summary>
    public bool DetectIdentifiers { get; set; } = true;

    /// <summary>
    /// A continuous column is modelled on the scale log(1 + x − Min) when its largest value (point
    /// masses aside) lies more than this many interquartile ranges above its median: a long tail
    /// beside a body (DebtRatio, MonthlyIncome, utilisations; not ages or small counts). Default 20;
    /// 0 turns the rule off.
    /// </summary>
    public double LongTailRatio { get; set; } = 20;

    /// <summary>
    /// <see cref="WeightThreshold"/> for columns on the log scale: a far tail holds few rows (on
    /// give_me_some_credit's positives 0.2 % of the utilisations lie above 10, up to 8,328), and
    /// dropping its components squeezes it onto the body's edge. Default 0.001. (Applies when
    /// <see cref="MergeRedundantModes"/> is off, the default.)
    /// </summary>
    public double LongTailWeightThreshold { get; set; } = 0.001;

    /// <summary>The log scale forced on (true) or off (false) for the named columns, instead of the rule above. Default: none.</summary>
    public IReadOnlyDictionary<string, bool> LogScale { get; set; } = new Dictionary<string, bool>();

    /// <summary>
    /// A categorical column with more categories than this keeps this many, the most frequent, and
    /// pools the rest into one (drawn back by their frequencies when sampling): a merchant id with
    /// 20,000 values would otherwise put 20,000 one-hot columns into every row and every condition.
    /// Default 100; 0 keeps every category.
    /// </summary>
    public int MaxCategories { get; set; } = 100;

    /// <summary>
    /// Link point masses that several columns take on the same rows (see <see cref="LinkedPointMass"/>):
    /// generated rows then have such a value in all of those columns or in none. Default true.
    /// </summary>
    public bool LinkPointMasses { get; set; } = true;

    /// <summary>
    /// A column of non-integer numbers with at most this many distinct values, or with at least
    /// <see cref="LevelRows"/> rows per distinct value on average (and at most 1,000 of them), is a set
    /// of levels — a rate or an index published monthly or daily (bank marketing's emp.var.rate,
    /// cons.price.idx, euribor3m) — not a continuum: each value becomes a point mass, reproduced exactly,
    /// where Gaussian modes would put synthetic values between the levels that no real row has (which
    /// FastTree's bins then separate from real rows: docs/benchmarks.md). Integer columns keep their
    /// modes (a count between two observed counts is a plausible count). Default 32; 0 turns the rule off.
    /// </summary>
    public int LevelsUpTo { get; set; } = 32;

    /// <summary>See <see cref="LevelsUpTo"/>. Default 100.</summary>
    public int LevelRows { get; set; } = 100;

    /// <summary>Point masses set by hand for the named columns (an empty list: none), instead of the rule above. Default: none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> PointMasses { get; set; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first property with a value outside its
    /// range (<see cref="TableEncoder.Fit"/> calls it before any work; the synthesizers' options call
    /// it before reading data).
    /// </summary>
    public void Validate()
    {
        OptionChecks.AtLeast(MaxModes, 1, nameof(MaxModes));
        OptionChecks.InRange(WeightThreshold, 0, 1, nameof(WeightThreshold));
        OptionChecks.Positive(WeightConcentration, nameof(WeightConcentration));
        OptionChecks.AtLeast(MaxIterations, 1, nameof(MaxIterations));
        OptionChecks.AtLeast(FitSampleSize, 2, nameof(FitSampleSize));
        OptionChecks.InRange(PointMassShare, 0, 1, nameof(PointMassShare));
        OptionChecks.AtLeast(PointMassRatio, 0, nameof(PointMassRatio));
        OptionChecks.AtLeast(MaxPointMasses, 0, nameof(MaxPointMasses));
        OptionChecks.AtLeast(LongTailRatio, 0, nameof(LongTailRatio));
        OptionChecks.InRange(LongTailWeightThreshold, 0, 1, nameof(LongTailWeightThreshold));
        OptionChecks.AtLeast(MaxCategories, 0, nameof(MaxCategories));
        OptionChecks.AtLeast(LevelsUpTo, 0, nameof(LevelsUpTo));
        OptionChecks.AtLeast(LevelRows, 0, nameof(LevelRows));
        ArgumentNullException.ThrowIfNull(LogScale, nameof(LogScale));
        ArgumentNullException.ThrowIfNull(PointMasses, nameof(PointMasses));
    }

    /// <summary>A copy with another seed (the caller's options are left as they are).</summary>
    public TableEncoderOptions WithSeed(long seed)
    {
        var copy = (TableEncoderOptions)MemberwiseClone();
        copy.Seed = seed;
        return copy;
    }
}

/// <summary>How mode-specific normalisation assigns a value to one of its column's modes.</summary>
public enum ModeSelection
{
    /// <summary>Draw the mode from the value's posterior over modes (CTGAN's paper).</summary>
    Sample,

    /// <summary>
    /// Take the mode with the highest posterior. Where a narrow and a wide mode overlap, sampling sends
    /// some central values to the wide mode with α near 0, which a generator then reproduces loosely,
    /// smearing them over the wide mode's range; the most likely mode gives every value one home.
    /// </summary>
    MostLikely,

    /// <summary>
    /// The most likely mode for integer columns, a drawn one for the others (TVAE's default). An
    /// integer column repeats each value many times (taiwan_default's LIMIT_BAL, BILL_AMT*); drawing
    /// splits one value between overlapping modes at random, a split the decoder's Gaussian output
    /// noise then blurs across columns. A real-valued column rarely repeats a value, and drawing keeps
    /// each mode's α distribution smooth, where the most likely mode would cut it off at the mode
    /// boundaries (what cost TVAE 0.02 KS on the frauds).
    /// </summary>
    MostLikelyForIntegers,
}
