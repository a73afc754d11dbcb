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
    /// <summary>
    /// CTGAN. By default it is fitted on the positives alone, as the reference protocol does; with
    /// <paramref name="conditionOnAllRows"/> it is fitted on all training rows with the label as a
    /// condition and sampled with label = <paramref name="positiveClass"/>. Either way training takes
    /// the same number of steps: <see cref="CtGanOptions.Epochs"/> passes over the positives.
    /// (On give_me_some_credit, seed 0, 300 epochs: AUC-PR 0.3335 positives-only, 0.3395 conditioned.)
    /// </summary>
    public Oversampler CtGan(string labelColumn, string positiveClass, double targetRatio = 0.25, CtGanOptions? options = null, bool conditionOnAllRows = false, bool roundIntegers = false)
    {
        var o = Options(labelColumn, positiveClass, targetRatio, roundIntegers);
        return new Oversampler("ctgan", o, train =>
        {
            var gan = options ?? new CtGanOptions { Seed = o.Seed };
            var minority = o.Minority(train);
            if (!conditionOnAllRows)
            {
                var model = new CtGan(gan).Fit(minority.Drop(labelColumn));
                return new FittedOversampler(rows => model.Sample(rows, null, null, o.Seed, o.RoundIntegers), model);
            }

            // the same steps as positives-only training: epochs × positives ÷ rows passes over all rows
            int epochs = Math.Max(1, (int)Math.Round(gan.Epochs * (double)minority.RowCount / train.RowCount));
            var stepsMatched = gan.Clone();
            stepsMatched.Epochs = epochs;
            var conditioned = new CtGan(stepsMatched).Fit(train.WithLabel(labelColumn));
            return new FittedOversampler(rows => conditioned.Sample(rows, labelColumn, positiveClass, o.Seed, o.RoundIntegers).Drop(labelColumn), conditioned);
        });
    }

    /// <summary>TVAE fitted on the positives.</summary>
    public Oversampler Tvae(string labelColumn, string positiveClass, double targetRatio = 0.25, TvaeOptions? options = null, bool roundIntegers = false)
    {
        var o = Options(labelColumn, positiveClass, targetRatio, roundIntegers);
        return new Oversampler("tvae", o, train =>
        {
            var model = new Synthesizers.Tvae(options ?? new TvaeOptions { Seed = o.Seed }).Fit(o.Minority(train).Drop(labelColumn));
            return new FittedOversampler(rows => model.Sample(rows, null, null, o.Seed, o.RoundIntegers), model);
        });
    }

    /// <summary>
    /// SMOTE-NC (Chawla et al. 2002) with <paramref name="neighbors"/> nearest minority neighbours:
    /// numbers interpolated, categorical columns by the neighbours' majority (see <see cref="Augmentation.Smote"/>).
    /// </summary>
    public Oversampler Smote(string labelColumn, string positiveClass, double targetRatio = 0.25, int neighbors = 5, bool roundIntegers = false)
    {
        var o = Options(labelColumn, positiveClass, targetRatio, roundIntegers);
        return new Oversampler("smote", o, train =>
        {
            var smote = new Smote(o.Minority(train).Drop(labelColumn), neighbors);
            return new FittedOversampler(rows => smote.Generate(rows, o.Seed, o.RoundIntegers));
        });
    }

    /// <summary>Duplicates randomly drawn positives.</summary>
    public Oversampler RandomOversample(string labelColumn, string positiveClass, double targetRatio = 0.25)
    {
        var o = Options(labelColumn, positiveClass, targetRatio);
        return new Oversampler("random", o, train =>
        {
            var minority = o.Minority(train).Drop(labelColumn);
            return new FittedOversampler(rows =>
            {
                var rng = Compute.RandomStream.Create(o.Seed, streamId: 0xD0B1);
                return minority.Select(Enumerable.Range(0, rows).Select(_ => rng.NextInt(minority.RowCount)).ToArray());
            });
        });
    }

    private OversamplingOptions Options(string labelColumn, string positiveClass, double targetRatio, bool roundIntegers = false)
        => new() { LabelColumn = labelColumn, PositiveClass = positiveClass, TargetRatio = targetRatio, Seed = seed, RoundIntegers = roundIntegers };
}
