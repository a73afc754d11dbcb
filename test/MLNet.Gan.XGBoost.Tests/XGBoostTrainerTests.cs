using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;
using MLNet.Gan.XGBoost;

namespace MLNet.Gan.XGBoost.Tests;

[TestClass]
public sealed class XGBoostTrainerTests
{
    [TestMethod]
    public void InAnMLNetPipeline_ScoresEveryRow_ForMLNetsEvaluator_AndIsReproducible()
    {
        var train = GradientBoostedTreesTests.Data(2000, 1).ToDataView();
        var test = GradientBoostedTreesTests.Data(1000, 2).ToDataView();
        float[] Scores(int threads, out BinaryEvaluation metrics)
        {
            var ml = new MLContext(1);
            var pipeline = ml.Transforms.FeaturizeForTrees(train.Schema, "y", "yes")
                .Append(ml.BinaryClassification.Trainers.XGBoost(new GradientBoostedTreesOptions { Rounds = 40, Seed = 3, Threads = threads }))
                .WithAugmentation(ml.Augmentation.Smote("y", "yes", 0.5));
            var model = pipeline.Fit(train);
            var scored = model.Transform(test);
            metrics = ml.BinaryClassification.EvaluateWithAveragePrecision(scored);
            return scored.GetColumn<float>("Score").ToArray();
        }

        var one = Scores(1, out var metrics);
        Assert.AreEqual(1000, metrics.Rows);
        Assert.IsGreaterThan(0.95, metrics.RocAuc, $"ROC-AUC {metrics.RocAuc}");
        CollectionAssert.AreEqual(one, Scores(2, out _), "same seed, 1 or 2 threads: the same scores");
    }

    [TestMethod]
    public void SavingInsideAnMLNetModel_IsAClearError()
    {
        var ml = new MLContext(2);
        var data = GradientBoostedTreesTests.Data(500, 3).ToDataView();
        var model = ml.Transforms.FeaturizeForTrees(data.Schema, "y", "yes").Append(ml.BinaryClassification.Trainers.XGBoost(new GradientBoostedTreesOptions { Rounds = 3 })).Fit(data);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(model, data.Schema, Path.Combine(Path.GetTempPath(), "never.zip")));
        StringAssert.Contains(e.Message, "FastTree or LightGbm");
    }
}
