using MLNet.Gan.Comparison;
using MLNet.Gan.DataViews;
using MLNet.Gan.Tests.Pipeline;

namespace MLNet.Gan.Tests.Comparison;

/// <summary>The comparison's winner and the models it hands over.</summary>
[TestClass]
public sealed class AugmentationComparisonTests
{
    [TestMethod]
    public void BestArm_IsTheHighestMeanAveragePrecision_AmongTheEligible_AndEveryArmsModelIsHandedOver()
    {
        var fitted = new List<(string Arm, long Seed)>();
        var comparison = new AugmentationComparison(new ComparisonOptions { LabelColumnName = "y", PositiveClass = "yes", Arms = ["none", "weighted", "random"], Seeds = [0, 1], Threads = 1 })
        {
            Fitted = m => fitted.Add((m.Arm, m.Seed)),
        };
        var result = comparison.Run(AugmentationPipelineTests.Data(600).Drop("id").ToDataView());
        CollectionAssert.AreEquivalent(new[] { ("none", 0L), ("weighted", 0L), ("random", 0L), ("none", 1L), ("weighted", 1L), ("random", 1L) }, fitted);

        double Mean(string arm) => result.Runs.Where(r => r.Arm == arm).Average(r => r.Metrics.AveragePrecision);
        string best = result.BestArm()!;
        Assert.IsTrue(result.Options.Arms.All(a => Mean(a) <= Mean(best)), $"{best} has the highest mean");
        string? other = result.BestArm(a => a != best);
        Assert.IsNotNull(other);
        Assert.AreNotEqual(best, other);
        Assert.IsNull(result.BestArm(_ => false));
    }
}
