using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Encoding;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Pipeline;

/// <summary>The critic-and-decoder-scores featurizer: fitted on the training positives, it scores any rows, one at a time.</summary>
[TestClass]
public sealed class SynthesizerScoreTests
{
    [TestMethod]
    public void Scores_AreAddedToEveryRow_DependOnlyOnTheRow_AndNeedNoLabel()
    {
        var ml = new MLContext(1);
        var data = AugmentationPipelineTests.Data(600).Drop("id");
        var estimator = ml.Transforms.SynthesizerScores("y", "yes", epochs: 40, seed: 1);
        var scorer = estimator.Fit(data.ToDataView());
        Assert.AreEqual(60, scorer.CtGan.Encoder.Transform(data.WhereLabel("yes"), 0).Rows, "fitted on the 60 positives");

        var all = scorer.Transform(data.ToDataView());
        Assert.AreEqual(NumberDataViewType.Single, all.Schema["CriticScore"].Type);
        Assert.AreEqual(all.Schema.Count, scorer.GetOutputSchema(data.ToDataView().Schema).Count);
        float[] critic = [.. all.GetColumn<float>("CriticScore")];
        float[] error = [.. all.GetColumn<float>("ReconstructionError")];
        Assert.IsTrue(critic.Concat(error).All(float.IsFinite));
        Assert.IsTrue(critic.Distinct().Count() > 100 && error.Distinct().Count() > 100, "scores vary by row");

        // the last 50 rows, scored on their own and without the label, get the same scores
        var tail = data.Select([.. Enumerable.Range(550, 50)]).Drop("y");
        var alone = scorer.Transform(tail.ToDataView());
        CollectionAssert.AreEqual(critic[550..], alone.GetColumn<float>("CriticScore").ToArray());
        CollectionAssert.AreEqual(error[550..], alone.GetColumn<float>("ReconstructionError").ToArray());
        Assert.AreEqual(50, alone.GetColumn<float>("x").Count());

        // TVAE learned the positives: they reconstruct better than the negatives on average
        var isPositive = data.LabelColumn!.Matches("yes");
        double positives = error.Where((_, r) => isPositive[r]).Average(), negatives = error.Where((_, r) => !isPositive[r]).Average();
        Assert.IsLessThan(negatives, positives, $"positives {positives}, negatives {negatives}");
    }

    [TestMethod]
    public void Scoring_RowsWithACategoryOrMissingCellTheModelNeverSaw_EncodesThemAsZeros()
    {
        var train = new Table([new NumericColumn("x", [1, 2, 3, 4, 5, 6]), CategoricalColumn.FromValues("c", ["a", "a", "b", "a", "b", "b"])]);
        var encoder = TableEncoder.Fit(train, new TableEncoderOptions { Seed = 0 });
        var rows = new Table([new NumericColumn("x", [double.NaN, 2]), CategoricalColumn.FromValues("c", ["z", "b"])]);
        var missing = new Table([new NumericColumn("x", [double.NaN]), CategoricalColumn.FromValues("c", ["b"])]);
        var unknown = new Table([new NumericColumn("x", [2]), CategoricalColumn.FromValues("c", ["z"])]);
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => encoder.Transform(missing, 0)).Message, "missing");
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => encoder.Transform(unknown, 0)).Message, "did not see");
        var encoded = encoder.Transform(rows, 0, ModeSelection.MostLikely, unknownAsZeros: true);
        var x = encoder.Columns[0];
        Assert.IsTrue(encoded.Row(0).ToArray().All(v => v == 0), "a missing x and an unknown category: all zeros");
        Assert.AreEqual(1f, encoded[1, x.Width + ((DiscreteEncoder)encoder.Columns[1]).IndexOf("b")], "'b' is still one-hot");
    }
}
