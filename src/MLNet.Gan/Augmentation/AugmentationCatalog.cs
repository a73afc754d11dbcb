using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Augmentation;

/// <summary>
/// Minority oversamplers. Each fits on the minority rows of the training data only (the label
/// column left out), then adds positives until positives ÷ negatives reaches the target ratio.
/// </summary>
public sealed class AugmentationCatalog(long seed)
{
    /// <summary>CTGAN fitted on the positives.</summary>
    public OversamplingEstimator Gan(string labelColumn, string positiveClass, double targetRatio = 0.25, CtGanOptions? options = null)
    {
        var o = Options(labelColumn, positiveClass, targetRatio);
        return new OversamplingEstimator("ctgan", o, train =>
        {
            var gan = options ?? new CtGanOptions { Seed = o.Seed };
            var model = new CtGan(gan).Fit(o.Minority(train).Drop(labelColumn));
            return rows => model.Sample(rows, seed: o.Seed);
        });
    }

    /// <summary>TVAE fitted on the positives.</summary>
    public OversamplingEstimator Tvae(string labelColumn, string positiveClass, double targetRatio = 0.25, TvaeOptions? options = null)
    {
        var o = Options(labelColumn, positiveClass, targetRatio);
        return new OversamplingEstimator("tvae", o, train =>
        {
            var model = new Synthesizers.Tvae(options ?? new TvaeOptions { Seed = o.Seed }).Fit(o.Minority(train).Drop(labelColumn));
            return rows => model.Sample(rows, seed: o.Seed);
        });
    }

    /// <summary>SMOTE (Chawla et al. 2002) with <paramref name="neighbors"/> nearest minority neighbours.</summary>
    public OversamplingEstimator Smote(string labelColumn, string positiveClass, double targetRatio = 0.25, int neighbors = 5)
    {
        var o = Options(labelColumn, positiveClass, targetRatio);
        return new OversamplingEstimator("smote", o, train =>
        {
            var smote = new Smote(o.Minority(train).Drop(labelColumn), neighbors);
            return rows => smote.Generate(rows, o.Seed);
        });
    }

    /// <summary>Duplicates randomly drawn positives.</summary>
    public OversamplingEstimator RandomOversample(string labelColumn, string positiveClass, double targetRatio = 0.25)
    {
        var o = Options(labelColumn, positiveClass, targetRatio);
        return new OversamplingEstimator("random", o, train =>
        {
            var minority = o.Minority(train).Drop(labelColumn);
            return rows =>
            {
                var rng = Compute.RandomStream.Create(o.Seed, streamId: 0xD0B1);
                return minority.Select(Enumerable.Range(0, rows).Select(_ => rng.NextInt(minority.RowCount)).ToArray());
            };
        });
    }

    private OversamplingOptions Options(string labelColumn, string positiveClass, double targetRatio)
        => new() { LabelColumn = labelColumn, PositiveClass = positiveClass, TargetRatio = targetRatio, Seed = seed };
}
