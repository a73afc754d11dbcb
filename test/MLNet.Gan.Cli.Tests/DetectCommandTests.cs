using static MLNet.Gan.Cli.Tests.CliRunner;

namespace MLNet.Gan.Cli.Tests;

/// <summary><c>mlnet-gan detect fit|score</c> on PaySim's transactions, and what it refuses.</summary>
[TestClass]
public sealed class DetectCommandTests
{
    private static readonly string[] Read = ["--label", "isFraud", "--drop", "nameOrig,nameDest,isFlaggedFraud,step"];

    [TestMethod]
    public void Detect_FitsOnTransactions_ScoresEveryRow_AndRefusesBadInputWritingNothing()
    {
        string paysim = Data("paysim_sample.csv.gz"), model = Temp(".zip"), scored = Temp(".csv"), empty = Temp(".csv"), refused = Temp(".csv");
        try
        {
            var fit = Run(["detect", "fit", "--data", paysim, "--epochs", "3", "--contamination", "0.02", "--model", model, .. Read]);
            Assert.AreEqual(0, fit.Code, fit.Error);
            StringAssert.Contains(fit.Error, "flags 2.0 % of the training rows");

            var score = Run(["detect", "score", "--model", model, "--data", paysim, "--out", scored, .. Read]);
            Assert.AreEqual(0, score.Code, score.Error);
            var lines = File.ReadAllLines(scored);
            Assert.HasCount(2689, lines, "a header and every row");
            StringAssert.EndsWith(lines[0], ",isFraud,Score,PredictedLabel");

            // a column the detector never saw, a contamination outside (0, 0.5], an empty training set
            var unknown = Run(["detect", "score", "--model", model, "--data", paysim, "--out", refused, "--label", "isFraud", "--drop", "nameOrig,nameDest,isFlaggedFraud"]);
            AssertCleanFailure(unknown.Code, unknown.Error, refused);
            StringAssert.Contains(unknown.Error, "column 'step' is one the detector never saw");

            var contamination = Run(["detect", "fit", "--data", paysim, "--contamination", "0.6", "--model", refused]);
            AssertCleanFailure(contamination.Code, contamination.Error, refused);
            StringAssert.Contains(contamination.Error, "--contamination must be a share in (0, 0.5] (got 0.6)");

            File.WriteAllText(empty, "amount,type\n");
            var none = Run("detect", "fit", "--data", empty, "--model", refused);
            AssertCleanFailure(none.Code, none.Error, refused);
            Assert.AreEqual(1, none.Error.Trim().Split('\n').Length, none.Error);
        }
        finally
        {
            foreach (var f in new[] { model, scored, empty, refused })
            {
                File.Delete(f);
            }
        }
    }
}
