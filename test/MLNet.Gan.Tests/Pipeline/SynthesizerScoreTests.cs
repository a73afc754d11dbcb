using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Encoding;
using MLNet.Gan.Augmentation;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Synthesizers;
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
    public void TrainingRows_AreScoredOutOfFold_ByModelsThatNeverSawThem_WhileNewRowsGetTheFullModels()
    {
        var ml = new MLContext(2);
        var training = AugmentationPipelineTests.Data(400).Drop("id").ToDataView();
        var data = DataViewLayout.Of(training.Schema).Read(training, "y"); // the rows as the scorer reads them (numbers as Single)
        var estimator = ml.Transforms.SynthesizerScores("y", "yes", epochs: 20, seed: 3, folds: 3);
        var scorer = estimator.Fit(training);

        // what the next step of a chain sees: Transform of the very view the scorer was fitted on
        float[] critic = [.. scorer.Transform(training).GetColumn<float>("CriticScore")];
        float[] error = [.. scorer.Transform(training).GetColumn<float>("ReconstructionError")];

        // fold 0's rows, scored by models fitted on the other folds' positives only
        var label = data.LabelColumn!;
        var isPositive = label.Matches("yes");
        var foldOf = Stratification.FoldOf(label.Codes, label.Categories.Count, 3, seed: 3);
        var unlabelled = data.Drop("y");
        var others = unlabelled.Select([.. Enumerable.Range(0, 400).Where(r => isPositive[r] && foldOf[r] != 0)]);
        int[] fold = [.. Enumerable.Range(0, 400).Where(r => foldOf[r] == 0)];
        var rows = unlabelled.Select(fold);
        var foldCritic = RowScores.Critic(new CtGan(AugmentationCatalog.DefaultCtGanOptions(3, 20)).Fit(others), rows);
        var foldError = RowScores.ReconstructionError(new Tvae(AugmentationCatalog.DefaultTvaeOptions(3, 20)).Fit(others), rows);
        CollectionAssert.AreEqual(foldCritic, fold.Select(r => critic[r]).ToArray(), "fold 0's critic scores come from the models of the other folds");
        CollectionAssert.AreEqual(foldError, fold.Select(r => error[r]).ToArray(), "fold 0's reconstruction errors come from the models of the other folds");

        // an estimator chain hands the next step exactly these out-of-fold scores
        float[]? seen = null;
        estimator.Append(new FitInputProbe(view => seen = [.. view.GetColumn<float>("ReconstructionError")])).Fit(training);
        CollectionAssert.AreEqual(error, seen, "the step after the scorer trains on the out-of-fold scores");

        // the same rows in any other view get the models fitted on all 40 training positives, which saw the positives among them
        var copy = data.ToDataView();
        float[] full = [.. scorer.Transform(copy).GetColumn<float>("ReconstructionError")];
        CollectionAssert.AreEqual(RowScores.ReconstructionError(scorer.Tvae, unlabelled), full);
        Assert.AreEqual(40, scorer.Tvae.Encoder.Transform(data.WhereLabel("yes"), 0).Rows);
        Assert.IsTrue(fold.Any(r => full[r] != error[r]), "in-sample and out-of-fold scores differ");

        // 5 positives cannot give 3 folds' models two training rows each
        var few = AugmentationPipelineTests.Data(50).Drop("id").ToDataView();
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => estimator.Fit(few)).Message, "at least 6 positive training rows, two per fold");
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

        // a column of levels (few distinct decimals: each a point mass, no continuous modes) scoring a level it never saw
        var levels = TableEncoder.Fit(new Table([new NumericColumn("rate", [1.5, 2.5, 1.5, 2.5, 3.5, 1.5])]), new TableEncoderOptions { Seed = 0 });
        var unseen = new Table([new NumericColumn("rate", [4.25, 2.5])]);
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => levels.Transform(unseen, 0)).Message, "none of the column's point masses");
        var scored = levels.Transform(unseen, 0, ModeSelection.MostLikely, unknownAsZeros: true);
        Assert.IsTrue(scored.Row(0).ToArray().All(v => v == 0), "an unseen level: all zeros");
        Assert.AreEqual(1f, scored.Row(1).ToArray().Sum(), "a seen level is still its point mass");
    }

    /// <summary>An estimator that shows what it is fitted on and passes rows through unchanged.</summary>
    private sealed class FitInputProbe(Action<IDataView> fitted) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            fitted(input);
            return new MLContext().Transforms.CopyColumns("ProbeCopy", "x").Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
    }
}
