using System.Text.Json;
using MLNet.Gan.Cli;
using static MLNet.Gan.Cli.Tests.CliRunner;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 1)]

namespace MLNet.Gan.Cli.Tests;

[TestClass]
public sealed class CliTests
{
    [TestMethod]
    public void BadInput_ExitsTwo_WithOneLocatedLine_NoStackTrace_NoOutputFile()
    {
        string csv = Temp(".csv"), model = Temp(".zip");
        try
        {
            File.WriteAllText(csv, "a,b\n1,2\n3\n");
            var (code, _, error) = Run("fit", "--data", csv, "--model", model);
            AssertCleanFailure(code, error, model);
            StringAssert.Contains(error, "line 3");
            StringAssert.StartsWith(error, "error: ");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [TestMethod]
    public void Fit_SaysWhichColumnsGotPointMassesOrAreIdentifiers_AndTheRulesCanBeTurnedOff()
    {
        string csv = Temp(".csv"), model = Temp(".zip");
        try
        {
            // utilisation capped at 0.9999999 in a fifth of the rows; an account number per row
            var rows = Enumerable.Range(0, 1200).Select(i => $"{1_000_000 + (i * 7919 % 1200)},{(i % 5 == 0 ? "0.9999999" : (0.001 * (i % 700)).ToString(System.Globalization.CultureInfo.InvariantCulture))},{(i % 3 == 0 ? "yes" : "no")}");
            File.WriteAllLines(csv, ["account,utilisation,y", .. rows]);
            var (code, _, error) = Run("fit", "--data", csv, "--label", "y", "--epochs", "1", "--model", model);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(error, "utilisation: point masses 0.9999999 reproduced exactly");
            StringAssert.Contains(error, "account: an identifier");

            (code, _, error) = Run("fit", "--data", csv, "--label", "y", "--epochs", "1", "--point-mass-share", "0", "--keep-identifiers", "--model", model);
            Assert.AreEqual(0, code, error);
            Assert.IsFalse(error.Contains("point masses", StringComparison.Ordinal) || error.Contains("an identifier", StringComparison.Ordinal), error);
        }
        finally
        {
            File.Delete(csv);
            File.Delete(model);
        }
    }

    [TestMethod]
    public void SampleShards_ConcatenateToTheUnshardedOutput_WithUniqueIdentifiers()
    {
        string csv = Temp(".csv"), model = Temp(".zip"), whole = Temp(".csv");
        string[] parts = [Temp(".1.csv"), Temp(".2.csv"), Temp(".3.csv")];
        try
        {
            var rows = Enumerable.Range(0, 1200).Select(i => $"{1_000_000 + (i * 7919 % 1200)},{(0.001 * (i % 700)).ToString(System.Globalization.CultureInfo.InvariantCulture)},{(i % 3 == 0 ? "yes" : "no")}");
            File.WriteAllLines(csv, ["account,utilisation,y", .. rows]);
            Assert.AreEqual(0, Run("fit", "--data", csv, "--label", "y", "--synthesizer", "tvae", "--epochs", "1", "--model", model).Code);

            // 250,001 rows: three chunks of 100,000 (the last one row), split 1 / 1 / 1 over three parts
            var (code, _, error) = Run("sample", "--model", model, "--rows", "250001", "--seed", "7", "--out", whole);
            Assert.AreEqual(0, code, error);
            for (int i = 0; i < parts.Length; i++)
            {
                (code, _, error) = Run("sample", "--model", model, "--rows", "250001", "--seed", "7", "--shard", $"{i + 1}/3", "--out", parts[i]);
                Assert.AreEqual(0, code, error);
            }

            StringAssert.Contains(error, "part 3 of 3");
            var expected = File.ReadAllBytes(whole);
            var concatenated = parts.SelectMany(File.ReadAllBytes).ToArray();
            Assert.HasCount(250_002, File.ReadAllLines(whole));
            CollectionAssert.AreEqual(expected, concatenated, "the parts concatenate to the unsharded file, byte for byte");
            Assert.IsFalse(File.ReadAllLines(parts[1])[0].StartsWith("account", StringComparison.Ordinal), "only part 1 has the header");
            var ids = File.ReadLines(whole).Skip(1).Select(l => l[..l.IndexOf(',')]).ToList();
            Assert.AreEqual(ids.Count, ids.Distinct().Count(), "fresh identifiers stay unique across chunks");

            (code, _, error) = Run("sample", "--model", model, "--rows", "10", "--shard", "4/3", "--out", parts[0]);
            Assert.AreEqual(2, code);
            StringAssert.Contains(error, "i/n");
        }
        finally
        {
            foreach (var f in (string[])[csv, model, whole, .. parts])
            {
                File.Delete(f);
            }
        }
    }

    [TestMethod]
    public void PrivateFit_RecordsTheBudgetInTheArchive_ForTvaeAndCtGan_AndAnInvalidBudgetWritesNothing()
    {
        string model = Temp(".zip");
        string german = Data("german_credit.csv.gz"); // 1,000 rows
        try
        {
            foreach (var (args, message) in new (string[] Args, string Message)[]
            {
                (["--epsilon", "0", "--epochs", "5"], "--epsilon must be a positive number (got 0)"),
                (["--epsilon", "1", "--delta", "0.001", "--epochs", "5"], "δ must lie in (0, 1/n)"),
                (["--epsilon", "0.01", "--epochs", "300"], "the noise would drown the gradient"),
                (["--delta", "1e-5", "--epochs", "5"], "--delta needs --epsilon"),
            })
            {
                var (failed, _, why) = Run(["fit", "--data", german, "--label", "class", "--synthesizer", "tvae", "--model", model, .. args]);
                AssertCleanFailure(failed, why, model);
                StringAssert.Contains(why, message);
            }

            var penalty = Run("fit", "--data", german, "--label", "class", "--epsilon", "1", "--loss", "wgan-gp", "--model", model);
            AssertCleanFailure(penalty.Code, penalty.Error, model);
            StringAssert.Contains(penalty.Error, "--loss standard or least-squares");

            var ctgan = Run("fit", "--data", german, "--label", "class", "--epsilon", "5", "--epochs", "2", "--model", model);
            Assert.AreEqual(0, ctgan.Code, ctgan.Error);
            StringAssert.Contains(ctgan.Error, "Training ctgan (standard)");
            StringAssert.Contains(ctgan.Error, "privacy: ε 5 spent of 5");
            File.Delete(model);

            var (code, _, error) = Run("fit", "--data", german, "--label", "class", "--synthesizer", "tvae", "--epochs", "5", "--epsilon", "3", "--model", model);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(error, "differentially private (ε = 3, δ = 0.0001");
            StringAssert.Contains(error, "privacy: ε 3 spent of 3");
            using var zip = System.IO.Compression.ZipFile.OpenRead(model);
            using var manifest = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var json = System.Text.Json.Nodes.JsonNode.Parse(manifest.ReadToEnd())!;
            var privacy = json["Privacy"] ?? json["privacy"];
            Assert.IsNotNull(privacy, json.ToJsonString());
            Assert.AreEqual(3.0, (double)(privacy["Epsilon"] ?? privacy["epsilon"])!);
            Assert.IsNotNull(json["PrivacyNotCovered"] ?? json["privacyNotCovered"]);
        }
        finally
        {
            File.Delete(model);
        }
    }

    [TestMethod]
    public void Parquet_InAndOut_HoldsWhatCsvHolds()
    {
        string model = Temp(".zip"), csv = Temp(".csv"), parquet = Temp(".parquet"), refit = Temp(".zip");
        try
        {
            Assert.AreEqual(0, Run("fit", "--data", Data("german_credit.csv.gz"), "--label", "class", "--synthesizer", "tvae", "--epochs", "1", "--model", model).Code);
            Assert.AreEqual(0, Run("sample", "--model", model, "--rows", "700", "--seed", "3", "--out", csv).Code);
            var (code, _, error) = Run("sample", "--model", model, "--rows", "700", "--seed", "3", "--out", parquet);
            Assert.AreEqual(0, code, error);
            var fromCsv = MLNet.Gan.Tabular.CsvTable.Read(csv);
            var fromParquet = MLNet.Gan.Tabular.TableFile.Read(parquet);
            Assert.AreEqual(fromCsv.RowCount, fromParquet.RowCount);
            foreach (var column in fromCsv.Columns)
            {
                for (int r = 0; r < fromCsv.RowCount; r++)
                {
                    Assert.AreEqual(column.Format(r), fromParquet[column.Name].Format(r), $"{column.Name}, row {r}");
                }
            }

            (code, _, error) = Run("fit", "--data", parquet, "--label", "class", "--epochs", "1", "--model", refit);
            Assert.AreEqual(0, code, error);
        }
        finally
        {
            foreach (var f in new[] { model, csv, parquet, refit })
            {
                File.Delete(f);
            }
        }
    }

    [TestMethod]
    public void FitThenSample_WithCondition_WritesMatchingRows()
    {
        string model = Temp(".zip"), output = Temp(".csv");
        try
        {
            var fit = Run("fit", "--data", Data("german_credit.csv.gz"), "--label", "class", "--epochs", "2", "--model", model);
            Assert.AreEqual(0, fit.Code, fit.Error);
            var sample = Run("sample", "--model", model, "--rows", "50", "--condition", "housing=A152", "--out", output);
            Assert.AreEqual(0, sample.Code, sample.Error);
            var lines = File.ReadAllLines(output);
            Assert.HasCount(51, lines);
            int housing = Array.IndexOf(lines[0].Split(','), "housing");
            Assert.IsTrue(lines.Skip(1).All(l => l.Split(',')[housing] == "A152"));
        }
        finally
        {
            File.Delete(model);
            File.Delete(output);
        }
    }

    [TestMethod]
    public void Compare_WritesTheDocumentedJson()
    {
        string json = Temp(".json");
        try
        {
            var (code, output, error) = Run("compare", "--data", Data("german_credit.csv.gz"), "--label", "class", "--positive", "2",
                "--arms", "none,weighted,smote,random", "--seeds", "0,1", "--json", json);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "| smote |");
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var root = doc.RootElement;
            Assert.AreEqual(1000, root.GetProperty("rows").GetInt32());
            Assert.AreEqual(300, root.GetProperty("positives").GetInt32());
            Assert.AreEqual(4, root.GetProperty("arms").GetArrayLength());
            foreach (var arm in root.GetProperty("arms").EnumerateArray())
            {
                foreach (var key in new[] { "average_precision", "mlnet_auprc", "roc_auc", "f1", "f1_best", "recall_at_p90", "augment_seconds", "classifier_seconds" })
                {
                    Assert.AreEqual(2, arm.GetProperty(key).GetProperty("values").GetArrayLength(), key);
                }

                double ap = arm.GetProperty("average_precision").GetProperty("mean").GetDouble();
                Assert.IsTrue(ap is > 0 and <= 1, $"{arm.GetProperty("name")}: average precision {ap}");
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    [TestMethod]
    public void Compare_MaxTrainPositives_KeepsThatManyTrainingPositives_AndReportsPairedDifferences()
    {
        string json = Temp(".json");
        try
        {
            var (code, output, error) = Run("compare", "--data", Data("german_credit.csv.gz"), "--label", "class", "--positive", "2",
                "--arms", "none,random,scores", "--epochs", "5", "--ratio", "0.6", "--seeds", "0,1,2", "--max-train-positives", "50", "--json", json);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(error, "50 training positives kept per split");
            var random = output.Split('\n').Single(l => l.StartsWith("| random |", StringComparison.Ordinal));
            Assert.IsTrue(random.EndsWith("| 244 |", StringComparison.Ordinal), random); // 490 negatives × 0.6 − 50 positives
            Assert.IsTrue(output.Split('\n').Single(l => l.StartsWith("| scores |", StringComparison.Ordinal)).EndsWith("| 0 |", StringComparison.Ordinal), "scores add features, not rows");
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.AreEqual(50, doc.RootElement.GetProperty("max_train_positives").GetInt32());
            var arms = doc.RootElement.GetProperty("arms");
            double[] Ap(int arm) => [.. arms[arm].GetProperty("average_precision").GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
            var paired = arms[1].GetProperty("average_precision_minus_none");
            Assert.AreEqual(Ap(1).Zip(Ap(0), (a, b) => a - b).Average(), paired.GetProperty("mean").GetDouble(), 1e-12);
            Assert.IsTrue(paired.GetProperty("standard_error").GetDouble() > 0);
            StringAssert.Contains(random, paired.GetProperty("mean").GetDouble().ToString("+0.0000;-0.0000", System.Globalization.CultureInfo.InvariantCulture));

            (code, _, error) = Run("compare", "--data", Data("german_credit.csv.gz"), "--label", "class", "--max-train-positives", "1");
            Assert.AreEqual(2, code);
            StringAssert.Contains(error, "--max-train-positives must be at least 2");
        }
        finally
        {
            File.Delete(json);
        }
    }

    [TestMethod]
    public void Engines_TorchSharpTrainsAndSamples_CudaMissingIsOneLine_InfoSaysWhatLoads()
    {
        string model = Temp(".zip"), rows = Temp(".csv");
        try
        {
            var (code, _, error) = Run("fit", "--data", Data("german_credit.csv.gz"), "--label", "class", "--epochs", "2", "--engine", "torchsharp", "--model", model);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(error, "on TorchSharp (cpu)");
            (code, _, error) = Run("sample", "--model", model, "--rows", "50", "--engine", "torchsharp", "--out", rows);
            Assert.AreEqual(0, code, error);
            Assert.HasCount(51, File.ReadAllLines(rows));

            (code, _, error) = Run("sample", "--model", model, "--rows", "50", "--engine", "torchsharp", "--device", "cuda", "--out", rows + ".cuda.csv");
            Assert.AreEqual(2, code);
            var line = error.Trim().Split('\n').Single();
            StringAssert.StartsWith(line, "error: Device 'cuda' was asked for, but CUDA is not available");
            Assert.IsFalse(File.Exists(rows + ".cuda.csv"));
            (code, _, error) = Run("sample", "--model", model, "--rows", "5", "--device", "cuda", "--out", rows);
            Assert.AreEqual(2, code);
            StringAssert.Contains(error, "managed engine runs on the CPU");

            var (infoCode, info, _) = Run("info");
            Assert.AreEqual(0, infoCode);
            StringAssert.Contains(info, "TorchSharp   loads: libtorch 2.10");
            StringAssert.Contains(info, "CUDA         not available");
        }
        finally
        {
            File.Delete(model);
            File.Delete(rows);
        }
    }

    [TestMethod]
    public void Compare_WithoutData_SaysWhatIsNeeded()
    {
        var (code, _, error) = Run("compare", "--label", "y");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "--data");
    }

    [TestMethod]
    public void Compare_WithLightGbmAndXGBoost_ScoresEveryArm()
    {
        foreach (var classifier in new[] { "lightgbm", "xgboost" })
        {
            var (code, output, error) = Run("compare", "--data", Data("german_credit.csv.gz"), "--label", "class", "--positive", "2",
                "--arms", "none,weighted,smote", "--ratio", "0.6", "--seeds", "0", "--classifier", classifier);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, $"Classifier: {classifier}.");
            StringAssert.Contains(error, "before " + classifier);
            Assert.IsTrue(output.Split('\n').Single(l => l.StartsWith("| smote |", StringComparison.Ordinal)).EndsWith("| 84 |", StringComparison.Ordinal), output); // 490 negatives × 0.6 − 210 positives
        }
    }

    [TestMethod]
    public void EveryBadOptionValue_ExitsTwo_BeforeAnyWork_NamingTheOptionTheValueAndTheRange_AndWritesNothing()
    {
        // the data and model files do not exist: an option checked after reading them would fail on the file instead
        string missing = Temp(".csv"), model = Temp(".zip"), output = Temp(".csv");
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["fit", "--data", missing, "--model", output, "--point-mass-share", "1.5"], "--point-mass-share must be in [0, 1) (got 1.5)"),
            (["fit", "--data", missing, "--model", output, "--long-tail-ratio", "-1"], "--long-tail-ratio must be a number of at least 0 (got -1)"),
            (["fit", "--data", missing, "--model", output, "--max-categories", "-2"], "--max-categories must be at least 0 (got -2)"),
            (["fit", "--data", missing, "--model", output, "--epochs", "0"], "--epochs must be at least 1 (got 0)"),
            (["fit", "--data", missing, "--model", output, "--batch-size", "55"], "--batch-size must be a multiple of pac (10)"),
            (["fit", "--data", missing, "--model", output, "--synthesizer", "tvae", "--epsilon", "0"], "--epsilon must be a positive number (got 0)"),
            (["fit", "--data", missing, "--model", output, "--synthesizer", "tvae", "--epsilon", "1", "--delta", "2"], "--delta must be in (0, 1) (got 2)"),
            (["fit", "--data", missing, "--model", output, "--epsilon", "1", "--loss", "standard", "--max-grad-norm", "0"], "--max-grad-norm must be a positive number (got 0)"),
            (["fit", "--data", missing, "--model", output, "--resume", model], "--resume: the checkpoint"),
            (["sample", "--model", model, "--rows", "10", "--out", Temp(".xlsx")], "--out must be a file name ending in .csv, .csv.gz, .parquet"),
            (["sample", "--model", model, "--rows", "0", "--out", output], "--rows must be at least 1 (got 0)"),
            (["sample", "--model", model, "--rows", "10", "--shard", "3/2", "--out", output], "--shard must be i/n with 1 ≤ i ≤ n"),
            (["compare", "--data", missing, "--label", "y", "--arms", "none,tvae", "--epsilon", "0", "--json", output], "--epsilon must be a positive number (got 0)"),
            (["compare", "--data", missing, "--label", "y", "--arms", "none", "--epsilon", "1", "--json", output], "--epsilon trains the ctgan and tvae arms privately"),
            (["compare", "--data", missing, "--label", "y", "--test-fraction", "1.5", "--json", output], "--test-fraction must be in (0, 1) (got 1.5)"),
            (["compare", "--data", missing, "--label", "y", "--ratio", "0", "--json", output], "--ratio must be a positive number (got 0)"),
            (["compare", "--data", missing, "--label", "y", "--positive-rate", "2", "--json", output], "--positive-rate must be in (0, 1) (got 2)"),
            (["compare", "--data", missing, "--label", "y", "--max-train-positives", "1", "--json", output], "--max-train-positives must be at least 2 (got 1)"),
            (["compare", "--data", missing, "--label", "y", "--arms", "none,magic", "--json", output], "--arms must be among none, weighted, smote, random, ctgan, tvae, auto, scores (got 'magic')"),
            (["compare", "--data", missing, "--label", "y", "--classifier", "xgboost", "--onnx", output], "--onnx writes an ML.NET model; XGBoost's cannot be held in one"),
            (["compare", "--data", missing, "--label", "y", "--onnx", Path.Combine(Temp(""), "m.onnx")], "--onnx: the folder"),
            (["compare", "--data", missing, "--label", "y", "--arms", "scores", "--onnx", output], "the scores arm's scorer cannot be held in one"),
            (["compare", "--data", missing, "--label", "y", "--max-train-positives", "100", "--code", Temp("")], "--code reproduces a split of --data"),
            (["series", "fit", "--data", missing, "--model", output, "--layers", "13"], "--layers must be between 1 and 12"),
            (["series", "fit", "--data", missing, "--model", output, "--window", "10"], "--window must be at least 128 days"),
            (["series", "fit", "--data", missing, "--model", output, "--learning-rate", "0"], "--learning-rate must be a positive number (got 0)"),
            (["series", "sample", "--model", model, "--length", "10", "--out", Temp(".xlsx")], "--out must be a file name ending in .csv, .csv.gz, .parquet"),
            (["series", "sample", "--model", model, "--length", "0", "--out", output], "--length must be at least 1 (got 0)"),
            (["evaluate", "--real", missing, "--synthetic", missing, "--json", output, "--threads", "0"], "--threads must be at least 1 (got 0)"),
        })
        {
            var (code, _, error) = Run(args);
            AssertCleanFailure(code, error, output);
            Assert.AreEqual(1, error.Trim().Split('\n').Length, $"one line: {error}");
            StringAssert.Contains(error, expected, string.Join(" ", args));
        }
    }

    [TestMethod]
    public void Compare_BadLabelOrPositive_FailsCleanly_NamingTheColumn_AndWritesNothing()
    {
        string json = Temp(".json");
        string oneClass = Temp(".csv");
        File.WriteAllText(oneClass, "x,y\n1,a\n2,a\n3,a\n");
        try
        {
            foreach (var (args, expected) in new (string[], string)[]
            {
                (["--data", Data("german_credit.csv.gz"), "--label", "klass"], "klass"),
                (["--data", Data("german_credit.csv.gz"), "--label", "class", "--positive", "3"], "'class'"),
                (["--data", oneClass, "--label", "y"], "'y'"),
                (["--data", Data("german_credit.csv.gz"), "--label", "class", "--classifier", "catboost"], "catboost"),
            })
            {
                var (code, _, error) = Run(["compare", .. args, "--arms", "none,smote", "--seeds", "0", "--json", json]);
                AssertCleanFailure(code, error, json);
                StringAssert.Contains(error, expected);
            }
        }
        finally
        {
            File.Delete(oneClass);
        }
    }
}
