using System.IO.Compression;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Tabular;
using MLNet.Gan.XGBoost;

namespace MLNet.Gan.XGBoost.Tests;

[TestClass]
public sealed class PipelineArchiveTests
{
    private static Table Data(int rows, int seed) => GradientBoostedTreesTests.Data(rows, seed);

    [TestMethod]
    public void AugmentedPipeline_SavesTheBooster_AndTheLoadedPipelineScoresIdentically()
    {
        var ctx = new GanContext(3);
        var pipeline = ctx.Augment.Smote("y", "yes", 0.9).WithScope(TransformerScope.Training)
            .Append(ctx.Classifiers.GradientBoostedTrees("y", "yes", new GradientBoostedTreesOptions { Rounds = 40 }));
        var model = pipeline.Fit(Data(3000, 1));
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-pipeline-{Guid.NewGuid():N}.zip");
        try
        {
            ctx.Model.Save(model, path);
            using (var zip = ZipFile.OpenRead(path))
            {
                CollectionAssert.AreEquivalent(new[] { "pipeline.json", "step-2/booster.xgb", "step-2/features.json" }, zip.Entries.Select(e => e.FullName).ToArray());
            }

            var loaded = ctx.Model.Load(path);
            Assert.HasCount(1, loaded.Steps, "the training-only SMOTE step is listed but not loaded");
            var test = Data(1000, 2);
            var expected = ((NumericColumn)model.Transform(test)["Score"]).Values;
            var actual = ((NumericColumn)loaded.Transform(test)["Score"]).Values;
            CollectionAssert.AreEqual(expected, actual);
            Assert.AreEqual(test.RowCount, actual.Length);

            var again = path + ".2.zip";
            ctx.Model.Save(model, again);
            CollectionAssert.AreEqual(File.ReadAllBytes(path), File.ReadAllBytes(again), "the same model gives the same bytes");
            File.Delete(again);
            ((IDisposable)loaded.LastTransformer).Dispose();
        }
        finally
        {
            File.Delete(path);
            model.LastTransformer.Dispose();
        }
    }

    [TestMethod]
    public void Load_OfAForeignFile_IsAClearError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-pipeline-{Guid.NewGuid():N}.zip");
        try
        {
            File.WriteAllText(path, "not a zip");
            var e = Assert.ThrowsExactly<InvalidDataException>(() => PipelineArchive.Load(path));
            StringAssert.Contains(e.Message, "not a pipeline archive");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
