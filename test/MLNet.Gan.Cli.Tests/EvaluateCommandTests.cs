using System.IO.Compression;
using System.Text.Json.Nodes;
using static MLNet.Gan.Cli.Tests.CliRunner;

namespace MLNet.Gan.Cli.Tests;

[TestClass]
public sealed class EvaluateCommandTests
{
    [TestMethod]
    public void Evaluate_OfACopy_FindsNoNewRows_NoDistance_AndCannotTellThemApart()
    {
        string real = Data("german_credit.csv.gz"), json = Temp(".json"), report = Temp(".html");
        try
        {
            var (code, output, error) = Run("evaluate", "--real", real, "--synthetic", real, "--label", "class", "--json", json, "--report", report);
            Assert.AreEqual(0, code, error);
            var result = JsonNode.Parse(File.ReadAllText(json))!;
            foreach (var key in new[] { "ks_complement", "tv_complement", "correlation_similarity", "contingency_similarity" })
            {
                Assert.AreEqual(1.0, (double)result[key]!, 1e-12, key);
            }

            Assert.AreEqual(0.5, (double)result["detection_auc_logistic"]!, 1e-12);
            Assert.AreEqual(0.5, (double)result["detection_auc_xgboost"]!, 1e-12);
            Assert.AreEqual(0.0, (double)result["new_row_synthesis"]!);
            Assert.AreEqual(0.0, (double)result["dcr_baseline_protection"]!);
            Assert.IsNull(result["dcr_overfitting_protection"], "no holdout");
            Assert.IsNull(result["tstr_auc_pr"], "no holdout: the generator saw every real row, so utility is not measured");
            Assert.IsNull(result["trtr_auc_pr"]);
            StringAssert.Contains((string?)result["utility_skipped"], "holdout");
            StringAssert.Contains(output, "Utility: not measured");
            StringAssert.Contains(File.ReadAllText(report), "utility-skipped");
            Assert.AreEqual("tv_complement", (string?)result["columns"]!["purpose"]!["metric"]);
            Assert.AreEqual("ks_complement", (string?)result["columns"]!["credit_amount"]!["metric"]);
            Assert.AreEqual("correlation_similarity", (string?)result["pairs"]!["duration_months ~ credit_amount"]!["metric"]);
            Assert.AreEqual("contingency_similarity", (string?)result["pairs"]!["checking_account_status ~ duration_months"]!["metric"]);
            StringAssert.Contains(output, "| new_row_synthesis | 0.0000 |");
            StringAssert.Contains(File.ReadAllText(report), "vegaEmbed");
        }
        finally
        {
            File.Delete(json);
            File.Delete(report);
        }
    }

    [TestMethod]
    public void Evaluate_AMissingColumn_IsAClearError_AndWritesNothing()
    {
        string synthetic = Temp(".csv"), json = Temp(".json");
        try
        {
            using (var reader = new StreamReader(new GZipStream(File.OpenRead(Data("german_credit.csv.gz")), CompressionMode.Decompress)))
            {
                // drop the 'purpose' column (the 4th)
                var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 3)));
                File.WriteAllLines(synthetic, lines);
            }

            var (code, _, error) = Run("evaluate", "--real", Data("german_credit.csv.gz"), "--synthetic", synthetic, "--json", json);
            AssertCleanFailure(code, error, json);
            StringAssert.StartsWith(error.Trim().Split('\n')[^1], "error: ");
            StringAssert.Contains(error, "'purpose'");
            StringAssert.Contains(error, "the synthetic data has no such column");
        }
        finally
        {
            File.Delete(synthetic);
        }
    }

    [TestMethod]
    public void Compare_WritesTheAuditReportOfTheGanArm_WithItsLossCurve_AndTheAnomalyScoreAlone()
    {
        string report = Temp(".html");
        try
        {
            var (code, _, error) = Run("compare", "--data", Data("german_credit.csv.gz"), "--label", "class", "--arms", "none,ctgan",
                "--seeds", "0", "--epochs", "10", "--ratio", "0.8", "--report", report, "--anomaly-epochs", "5");
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(error, "Auditing the 182 rows of the ctgan arm (seed 0)");
            StringAssert.Contains(error, "anomaly score alone on the 300 test rows: average precision");
            string html = File.ReadAllText(report);
            StringAssert.Contains(html, "training positives (class = 2, seed 0)");
            StringAssert.Contains(html, "Training loss per epoch (CTGAN)");
            StringAssert.Contains(html, "Anomaly score alone");
            StringAssert.Contains(html, "TVAE anomaly detector (negative ELBO, 5 epochs, seed 0), fitted on the 700 training rows of seed 0 without their labels");

            (code, _, error) = Run("compare", "--data", Data("german_credit.csv.gz"), "--label", "class", "--arms", "none,ctgan", "--seeds", "0", "--report", report, "--anomaly-epochs", "-1");
            Assert.AreEqual(2, code);
            StringAssert.Contains(error, "--anomaly-epochs must be at least 0 (got -1).");

            (code, _, error) = Run("compare", "--data", Data("german_credit.csv.gz"), "--label", "class", "--arms", "none,smote", "--seeds", "0", "--report", report);
            Assert.AreEqual(2, code);
            StringAssert.Contains(error, "add ctgan or tvae to --arms");
        }
        finally
        {
            File.Delete(report);
        }
    }

    [TestMethod]
    public void Evaluate_WithAHoldoutAndTheModel_ScoresOverfitting_AndDrawsTheLossCurve()
    {
        string model = Temp(".zip"), synthetic = Temp(".csv"), json = Temp(".json"), report = Temp(".html");
        string real = Data("german_credit.csv.gz");
        try
        {
            Assert.AreEqual(0, Run("fit", "--data", real, "--label", "class", "--epochs", "5", "--model", model).Code);
            Assert.AreEqual(0, Run("sample", "--model", model, "--rows", "500", "--out", synthetic).Code);
            var (code, _, error) = Run("evaluate", "--real", real, "--synthetic", synthetic, "--holdout", real, "--label", "class", "--model", model, "--json", json, "--report", report);
            Assert.AreEqual(0, code, error);
            var result = JsonNode.Parse(File.ReadAllText(json))!;
            Assert.IsNotNull(result["dcr_overfitting_protection"], "a holdout enables it");
            Assert.IsGreaterThan(0.3, (double)result["trtr_auc_pr"]!, "and utility: 30 % are 'bad', better than chance");
            Assert.IsGreaterThan(0.0, (double)result["tstr_auc_pr"]!);
            Assert.IsNull(result["utility_skipped"]);
            Assert.AreEqual(1.0, (double)result["new_row_synthesis"]!, 0.05, "5 epochs of CTGAN copy nothing");
            Assert.AreEqual(500, (int)result["synthetic_rows"]!);
            StringAssert.Contains(File.ReadAllText(report), "Training loss per epoch (CTGAN)");
        }
        finally
        {
            foreach (var f in new[] { model, synthetic, json, report })
            {
                File.Delete(f);
            }
        }
    }
}
