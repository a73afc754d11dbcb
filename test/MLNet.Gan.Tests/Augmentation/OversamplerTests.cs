using MLNet.Gan.Augmentation;
using MLNet.Gan.Tests.Pipeline;

namespace MLNet.Gan.Tests.Augmentation;

/// <summary>The oversamplers on a table: how many rows they add, what they add, and their two overloads.</summary>
[TestClass]
public sealed class OversamplerTests
{
    [TestMethod]
    public void Smote_AddsPositivesUntilTheTargetRatio_WithTheTrainingColumns()
    {
        var training = AugmentationPipelineTests.Data(400);
        var run = new AugmentationCatalog(3).Smote("y", "yes", targetRatio: 0.5).Run(training);
        int positives = training.RowsWithLabel("yes").Length, negatives = training.RowCount - positives;
        Assert.AreEqual((int)Math.Round(0.5 * negatives) - positives, run.RowsAdded, "positives ÷ negatives reaches 0.5");
        CollectionAssert.AreEqual(training.Columns.Select(c => c.Name).ToArray(), run.SyntheticRows.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(run.RowsAdded, run.SyntheticRows.RowsWithLabel("yes").Length, "every added row is a positive");
    }

    [TestMethod]
    public void OptionsOverload_GivesTheSameRowsAsThePositionalOne()
    {
        var training = AugmentationPipelineTests.Data(300);
        var positional = new AugmentationCatalog(5).RandomOversample("y", "yes", 0.4).Run(training).SyntheticRows;
        var options = new AugmentationCatalog(99).RandomOversample(new OversamplingOptions { LabelColumn = "y", PositiveClass = "yes", TargetRatio = 0.4, Seed = 5 }).Run(training).SyntheticRows;
        CollectionAssert.AreEqual(((MLNet.Gan.Tabular.NumericColumn)positional["id"]).Values.ToArray(), ((MLNet.Gan.Tabular.NumericColumn)options["id"]).Values.ToArray(), "the options' seed, not the catalog's");
    }

    [TestMethod]
    public void AutoOutsideAPipeline_IsRefusedWithTheReason()
    {
        var auto = new AugmentationCatalog(1).Auto("y", "yes", methods: [AugmentationMethod.Random]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => auto.Run(AugmentationPipelineTests.Data(200)));
        StringAssert.Contains(e.Message, "WithAugmentation");
    }
}
