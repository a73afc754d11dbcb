using MLNet.Gan.Compute;
using MLNet.Gan.Images;
using MLNet.Gan.Logging;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Augmentation;

/// <summary>
/// Minority oversamplers (<c>mlContext.Augmentation</c>). Each fits on the minority rows of the
/// training data only (the label column left out), then adds positives until positives ÷ negatives
/// reaches the target ratio. Synthetic values of integer columns are left unrounded unless
/// <c>roundIntegers</c> is set (see <see cref="OversamplingOptions.RoundIntegers"/>). The
/// oversamplers draw with <paramref name="seed"/> (from the <c>MLContext</c>'s seed when made through it).
/// </summary>
public sealed class AugmentationCatalog(long seed)
{
    /// <summary>Where the oversamplers' fits and auto's choice are logged (the context's log when made through <c>mlContext.Augmentation</c>).</summary>
    internal ContextLog Log { get; init; } = ContextLog.None;

    /// <summary>
    /// CTGAN. By default it is fitted on the positives alone, as the reference protocol does; with
    /// <paramref name="conditionOnAllRows"/> it is fitted on all training rows with the label as a
    /// condition and sampled with label = <paramref name="positiveClass"/>. Either way training takes
    /// the same number of steps: <see cref="CtGanOptions.Epochs"/> passes over the positives.
    /// (On give_me_some_credit, seed 0, 300 epochs: AUC-PR 0.3335 positives-only, 0.3395 conditioned.)
    /// </summary>
    public Oversampler CtGan(string labelColumnName, string positiveClass, double targetRatio = 0.25, CtGanOptions? options = null, bool conditionOnAllRows = false, bool roundIntegers = false)
    {
        var o = Options(labelColumnName, positiveClass, targetRatio, roundIntegers);
        var given = options?.Clone();
        return Make("ctgan", o, train => Log.Run("CTGAN oversampler fit", info =>
        {
            var gan = given?.Clone() ?? DefaultCtGanOptions(o.Seed);
            gan.Progress = TrainingProgress.Logged("CTGAN", info, given?.Progress);
            var minority = o.Minority(train);
            if (!conditionOnAllRows)
            {
                info($"CTGAN oversampler: training on {minority.RowCount:N0} positives, {gan.Epochs} epochs, seed {gan.Seed}");
                var model = new CtGan(gan).Fit(minority.Drop(labelColumnName));
                return new FittedOversampler(rows => model.Sample(rows, null, null, o.Seed, o.RoundIntegers), model);
            }

            // the same steps as positives-only training: epochs × positives ÷ rows passes over all rows
            gan.Epochs = Math.Max(1, (int)Math.Round(gan.Epochs * (double)minority.RowCount / train.RowCount));
            info($"CTGAN oversampler: training on all {train.RowCount:N0} rows conditioned on '{labelColumnName}', {gan.Epochs} epochs, seed {gan.Seed}");
            var conditioned = new CtGan(gan).Fit(train.WithLabel(labelColumnName));
            return new FittedOversampler(rows => conditioned.Sample(rows, labelColumnName, positiveClass, o.Seed, o.RoundIntegers).Drop(labelColumnName), conditioned);
        }));
    }

    /// <summary>
    /// Augmentation that knows when to add nothing. Inside <c>WithAugmentation</c>'s fit, on the training
    /// rows only, a stratified <paramref name="folds"/>-fold cross-validation scores the wrapped
    /// estimator by average precision without augmentation and with every candidate at every ratio of
    /// <paramref name="ratios"/>; adding nothing or class weights (the better) wins unless a candidate that
    /// adds rows beats it by more than one standard error of the paired fold differences (the
    /// one-standard-error rule), and the chosen candidate is fitted on all the training rows. Candidates default to SMOTE-NC, CTGAN and TVAE at 300 epochs
    /// (<paramref name="epochs"/>); ratios to 0.1, 0.25 and 0.5. Each candidate is fitted once per fold.
    /// With <paramref name="exampleWeightColumnName"/>, class weights are a candidate too ("weighted": positives
    /// weigh negatives ÷ positives, nothing added): every view the estimator is fitted on then carries
    /// that <c>Single</c> column (1 unless class weights are the choice), and the estimator's trainer
    /// must read it (FastTree's <c>ExampleWeightColumnName</c>); it need not exist in the data.
    /// </summary>
    public Oversampler Auto(string labelColumnName, string positiveClass, IReadOnlyList<double>? ratios = null, int folds = 3, int epochs = 300, IReadOnlyList<AugmentationMethod>? methods = null, string? exampleWeightColumnName = null)
    {
        ratios ??= [0.1, 0.25, 0.5];
        if (ratios.Count == 0 || ratios.Any(r => !(r > 0) || double.IsInfinity(r)))
        {
            throw new ArgumentException($"Auto augmentation needs positive ratios (got {string.Join(", ", ratios)}).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var candidates = (methods ?? [AugmentationMethod.Smote, AugmentationMethod.CtGan, AugmentationMethod.Tvae]).Select(method => method switch
        {
            AugmentationMethod.Smote => Smote(labelColumnName, positiveClass, ratios[0]),
            AugmentationMethod.Random => RandomOversample(labelColumnName, positiveClass, ratios[0]),
            AugmentationMethod.CtGan => CtGan(labelColumnName, positiveClass, ratios[0], DefaultCtGanOptions(seed, epochs)),
            AugmentationMethod.Tvae => Tvae(labelColumnName, positiveClass, ratios[0], DefaultTvaeOptions(seed, epochs)),
            _ => throw new ArgumentOutOfRangeException(nameof(methods), method, "Auto augmentation chooses among Smote, Random, CtGan and Tvae."),
        }).ToArray();
        return new Oversampler(Options(labelColumnName, positiveClass, ratios.Max()), candidates, ratios, folds, exampleWeightColumnName) { Log = Log };
    }

    /// <summary>
    /// The CTGAN options an oversampler uses when given none: CTGAN's defaults with the encoder's
    /// column rules off (point masses, <see cref="Encoding.TableEncoderOptions.PointMassShare"/> = 0,
    /// and long tails, <see cref="Encoding.TableEncoderOptions.LongTailRatio"/> = 0), unless
    /// <paramref name="columnRules"/>. The rules make the synthetic positives more faithful; whether
    /// they help the classifier they feed is measured in docs/benchmarks.md ("Column rules and the
    /// classifier").
    /// </summary>
    public static CtGanOptions DefaultCtGanOptions(long seed, int epochs = CtGanDefaults.Epochs, bool columnRules = false)
    {
        var options = new CtGanOptions { Seed = seed, Epochs = epochs };
        if (!columnRules)
        {
            TurnOffColumnRules(options.Encoder);
        }

        return options;
    }

    /// <summary>The TVAE options an oversampler uses when given none: TVAE's defaults, column rules as in <see cref="DefaultCtGanOptions"/>.</summary>
    public static TvaeOptions DefaultTvaeOptions(long seed, int epochs = TvaeDefaults.Epochs, bool columnRules = false)
    {
        var options = new TvaeOptions { Seed = seed, Epochs = epochs };
        if (!columnRules)
        {
            TurnOffColumnRules(options.Encoder);
        }

        return options;
    }

    private static void TurnOffColumnRules(Encoding.TableEncoderOptions encoder)
    {
        encoder.PointMassShare = 0;
        encoder.LongTailRatio = 0;
    }

    /// <summary>TVAE fitted on the positives.</summary>
    public Oversampler Tvae(string labelColumnName, string positiveClass, double targetRatio = 0.25, TvaeOptions? options = null, bool roundIntegers = false)
    {
        var o = Options(labelColumnName, positiveClass, targetRatio, roundIntegers);
        var given = options?.Clone();
        return Make("tvae", o, train => Log.Run("TVAE oversampler fit", info =>
        {
            var tvae = given?.Clone() ?? DefaultTvaeOptions(o.Seed);
            tvae.Progress = TrainingProgress.Logged("TVAE", info, given?.Progress);
            var minority = o.Minority(train);
            info($"TVAE oversampler: training on {minority.RowCount:N0} positives, {tvae.Epochs} epochs, seed {tvae.Seed}");
            var model = new Synthesizers.Tvae(tvae).Fit(minority.Drop(labelColumnName));
            return new FittedOversampler(rows => model.Sample(rows, null, null, o.Seed, o.RoundIntegers), model);
        }));
    }

    /// <summary>
    /// SMOTE-NC (Chawla et al. 2002) with <paramref name="neighbors"/> nearest minority neighbours:
    /// numbers interpolated, categorical columns by the neighbours' majority (see <see cref="Augmentation.Smote"/>).
    /// </summary>
    public Oversampler Smote(string labelColumnName, string positiveClass, double targetRatio = 0.25, int neighbors = 5, bool roundIntegers = false)
    {
        var o = Options(labelColumnName, positiveClass, targetRatio, roundIntegers);
        return Make("smote", o, train =>
        {
            var smote = new Smote(o.Minority(train).Drop(labelColumnName), neighbors);
            return new FittedOversampler(rows => smote.Generate(rows, o.Seed, o.RoundIntegers));
        });
    }

    /// <summary>Duplicates randomly drawn positives.</summary>
    public Oversampler RandomOversample(string labelColumnName, string positiveClass, double targetRatio = 0.25)
    {
        var o = Options(labelColumnName, positiveClass, targetRatio);
        return Make("random", o, train =>
        {
            var minority = o.Minority(train).Drop(labelColumnName);
            return new FittedOversampler(rows =>
            {
                var rng = Compute.RandomStream.Create(o.Seed, streamId: 0xD0B1);
                return minority.Select(Enumerable.Range(0, rows).Select(_ => rng.NextInt(minority.RowCount)).ToArray());
            });
        });
    }

    /// <summary>CTGAN with every oversampling option (label, positive class, ratio, seed, rounding) given as <see cref="OversamplingOptions"/>.</summary>
    public Oversampler CtGan(OversamplingOptions options, CtGanOptions? synthesizer = null, bool conditionOnAllRows = false)
        => SeededBy(options).CtGan(options.LabelColumn, options.PositiveClass, options.TargetRatio, synthesizer, conditionOnAllRows, options.RoundIntegers);

    /// <summary>TVAE with every oversampling option given as <see cref="OversamplingOptions"/>.</summary>
    public Oversampler Tvae(OversamplingOptions options, TvaeOptions? synthesizer = null)
        => SeededBy(options).Tvae(options.LabelColumn, options.PositiveClass, options.TargetRatio, synthesizer, options.RoundIntegers);

    /// <summary>SMOTE-NC with every oversampling option given as <see cref="OversamplingOptions"/>.</summary>
    public Oversampler Smote(OversamplingOptions options, int neighbors = 5)
        => SeededBy(options).Smote(options.LabelColumn, options.PositiveClass, options.TargetRatio, neighbors, options.RoundIntegers);

    /// <summary>Random duplication with every oversampling option given as <see cref="OversamplingOptions"/>.</summary>
    public Oversampler RandomOversample(OversamplingOptions options)
        => SeededBy(options).RandomOversample(options.LabelColumn, options.PositiveClass, options.TargetRatio);

    /// <summary>This catalog with the options' seed (checked for null before anything reads them).</summary>
    private AugmentationCatalog SeededBy(OversamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AugmentationCatalog(options.Seed) { Log = Log };
    }

    /// <summary>
    /// Images of the rare class from a class-conditional DCGAN (<see cref="DcganOptions"/>; default the worked
    /// example's networks and least squares, 20 epochs). The DCGAN is fitted on every training image with its
    /// class, so the rare class borrows the strokes and shapes of the others, and then asked for images of
    /// <paramref name="positiveClass"/> until it is <paramref name="targetRatio"/> of the other rows. Use it in
    /// feature space, around the image classifier, with the image column ML.NET's <c>ExtractPixels</c> made:
    /// <c>trainer.WithFeatureSpaceAugmentation(ml.Augmentation.Dcgan("Label", "7", 28, 28), "Pixels")</c>.
    /// Pixels in [0, 1] or [0, 255] come back in the same range.
    /// </summary>
    public Oversampler Dcgan(string labelColumnName, string positiveClass, int imageHeight, int imageWidth, int imageChannels = 1, double targetRatio = 0.25, DcganOptions? options = null)
    {
        var shape = new Compute.ImageShape(imageChannels, imageHeight, imageWidth);
        shape.Check(nameof(imageHeight));
        var o = Options(labelColumnName, positiveClass, targetRatio);
        var given = options?.Clone() ?? new DcganOptions { Seed = o.Seed };
        given.Validate();
        return Make("dcgan", o, train => Log.Run("DCGAN oversampler fit", info =>
        {
            var (pixels, columns) = ImageTable.Read(train, labelColumnName, shape);
            var label = (CategoricalColumn)train[labelColumnName];
            var dcgan = given.Clone();
            dcgan.Progress = Synthesizers.TrainingProgress.Logged("DCGAN", info, given.Progress);
            info($"DCGAN oversampler: training on {train.RowCount:N0} images of {label.Categories.Count} classes, {dcgan.Epochs} epochs, seed {dcgan.Seed}");
            var model = new Images.Dcgan(dcgan).Fit(pixels, label.Codes, shape, label.Categories, Images.Dcgan.PixelRange(pixels));
            int positive = o.PositiveCode(label);
            return new FittedOversampler(rows => ImageTable.Write(model.Generate(rows, positive, o.Seed), columns, rows));
        }));
    }

    private Oversampler Make(string name, OversamplingOptions options, Func<Table, FittedOversampler> fit) => new(name, options, fit) { Log = Log };

    private OversamplingOptions Options(string labelColumnName, string positiveClass, double targetRatio, bool roundIntegers = false)
        => new() { LabelColumn = labelColumnName, PositiveClass = positiveClass, TargetRatio = targetRatio, Seed = seed, RoundIntegers = roundIntegers };
}

/// <summary>The oversamplers auto augmentation can choose among (besides adding nothing and class weights).</summary>
public enum AugmentationMethod
{
    /// <summary>SMOTE-NC.</summary>
    Smote,

    /// <summary>Random duplication of positives.</summary>
    Random,

    /// <summary>CTGAN fitted on the positives.</summary>
    CtGan,

    /// <summary>TVAE fitted on the positives.</summary>
    Tvae,
}
