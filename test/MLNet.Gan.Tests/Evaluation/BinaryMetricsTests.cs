using MLNet.Gan.Evaluation;

namespace MLNet.Gan.Tests.Evaluation;

[TestClass]
public sealed class BinaryMetricsTests
{
    [TestMethod]
    public void KnownExample_MatchesHandComputedValues()
    {
        // scores 0.9 (+), 0.8 (−), 0.7 (+), 0.6 (−), 0.5 (+)
        // thresholds: P/R = 1/⅓, ½/⅓, ⅔/⅔, ½/⅔, ⅗/1
        // AP = ⅓·1 + 0 + ⅓·⅔ + 0 + ⅓·⅗ = 0.7555…; ROC-AUC = positive–negative pairs in the right order:
        // 0.9 > 0.8, 0.9 > 0.6, 0.7 > 0.6 → 3 of 6
        var m = BinaryMetrics.Evaluate([0.9, 0.8, 0.7, 0.6, 0.5], [true, false, true, false, true]);
        Assert.AreEqual((1.0 / 3) + (1.0 / 3 * 2 / 3) + (1.0 / 3 * 3 / 5), m.AucPr, 1e-12);
        Assert.AreEqual(3.0 / 6, m.RocAuc, 1e-12);
        Assert.AreEqual(0.75, m.F1Best, 1e-12); // P = ⅗, R = 1 → F1 = 0.75
        Assert.AreEqual(0.5, m.BestThreshold);
        Assert.AreEqual(1.0 / 3, m.RecallAtPrecision90, 1e-12);
        Assert.AreEqual(new ConfusionCounts(0.5, 3, 2, 0, 0), m.Confusion);
    }

    [TestMethod]
    public void RecallAtFlagged_CountsThePositivesAmongTheTopShare()
    {
        // ten rows, three positive (scores 0.9, 0.5, 0.2); flagging 20 % = the top 2 rows (0.95 −, 0.9 +) finds 1 of 3,
        // 50 % = the top 5 (down to 0.5) finds 2 of 3, all rows find 3 of 3; at least one row is flagged
        double[] scores = [0.95, 0.9, 0.8, 0.7, 0.5, 0.45, 0.4, 0.3, 0.2, 0.1];
        bool[] positive = [false, true, false, false, true, false, false, false, true, false];
        Assert.AreEqual(1.0 / 3, BinaryMetrics.RecallAtFlagged(scores, positive, 0.2), 1e-12);
        Assert.AreEqual(2.0 / 3, BinaryMetrics.RecallAtFlagged(scores, positive, 0.5), 1e-12);
        Assert.AreEqual(1.0, BinaryMetrics.RecallAtFlagged(scores, positive, 1), 1e-12);
        Assert.AreEqual(0.0, BinaryMetrics.RecallAtFlagged(scores, positive, 0.01), "the top row only, a negative");
        Assert.IsTrue(double.IsNaN(BinaryMetrics.RecallAtFlagged(scores, new bool[10], 0.5)), "no positives: undefined");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BinaryMetrics.RecallAtFlagged(scores, positive, 0));
        Assert.ThrowsExactly<ArgumentException>(() => BinaryMetrics.RecallAtFlagged(scores, positive[..9], 0.5));
    }

    [TestMethod]
    public void TiedScores_CountAsOneThreshold_AndHalfInRocAuc()
    {
        // all four tied: one threshold, P = ½, R = 1 → AP = ½; ROC-AUC = ½
        var m = BinaryMetrics.Evaluate([0.3, 0.3, 0.3, 0.3], [true, false, true, false]);
        Assert.AreEqual(0.5, m.AucPr, 1e-12);
        Assert.AreEqual(0.5, m.RocAuc, 1e-12);

        // 0.8 (+), 0.5 (+, −) tied, 0.1 (−): AP = ½·1 + ½·⅔ = ⅚; ROC-AUC = (1·2 + ½·... ) pairs: (+0.8 > both −) 2, (+0.5 vs −0.5) ½, (+0.5 > −0.1) 1 → 3.5/4
        m = BinaryMetrics.Evaluate([0.8, 0.5, 0.5, 0.1], [true, true, false, false]);
        Assert.AreEqual(0.5 + (0.5 * 2 / 3), m.AucPr, 1e-12);
        Assert.AreEqual(3.5 / 4, m.RocAuc, 1e-12);
    }

    [TestMethod]
    public void PerfectRanking_ScoresOne()
    {
        var m = BinaryMetrics.Evaluate([0.9, 0.8, 0.2, 0.1], [true, true, false, false]);
        Assert.AreEqual(1.0, m.AucPr);
        Assert.AreEqual(1.0, m.RocAuc);
        Assert.AreEqual(1.0, m.RecallAtPrecision90);
    }

    [TestMethod]
    public void OneClassOnly_IsAClearError()
        => StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => BinaryMetrics.Evaluate([0.1, 0.2], [false, false])).Message, "both classes");

    [TestMethod]
    public void NaNScores_AreRefusedWithTheirCount_NeverAHang()
    {
        // run apart, so that a hang fails the test instead of stalling the suite
        var evaluation = Task.Run(() => BinaryMetrics.Evaluate([0.9, double.NaN, 0.7, double.NaN, 0.5], [true, false, true, false, true]));
        Assert.AreSame(evaluation, Task.WhenAny(evaluation, Task.Delay(TimeSpan.FromSeconds(30))).GetAwaiter().GetResult(), "Evaluate returned or threw within 30 s");
        var error = Assert.ThrowsExactly<ArgumentException>(() => evaluation.GetAwaiter().GetResult());
        StringAssert.Contains(error.Message, "2 of 5 scores are NaN");
    }

    [TestMethod]
    public void ScoresAndLabelsOfDifferentCounts_AreRefused()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => BinaryMetrics.Evaluate([0.9, 0.8, 0.7], [true, false, true, false]));
        StringAssert.Contains(error.Message, "3 scores for 4 labels");
    }
}
