using System.Diagnostics;

namespace MLNet.Gan.Cli.Tests;

/// <summary>The README's library example (examples/CreditRisk) runs as written: train, save, load, PredictionEngine.</summary>
[TestClass]
public sealed class ExampleTests
{
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void CreditRiskExample_TrainsSavesLoadsAndScores()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MLNet.Gan.sln")))
        {
            root = root.Parent;
        }

        // built by the solution build with the configuration this test was built with (bin/<Configuration>/net10.0)
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string example = Path.Combine(root!.FullName, "examples", "CreditRisk", "bin", configuration, "net10.0", "CreditRisk.dll");
        Assert.IsTrue(File.Exists(example), $"{example} is built with the solution");
        string work = Directory.CreateTempSubdirectory("mlnet-gan-example-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [example, CliRunner.Data("give_me_some_credit.csv.gz")])
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, error.Result);
            StringAssert.Contains(output, "Test rows: 45,000; average precision 0.");
            StringAssert.Contains(output, "probability of serious delinquency 0.");
            Assert.IsTrue(File.Exists(Path.Combine(work, "model.zip")), "the model was saved with mlContext.Model.Save");
            Assert.IsTrue(new FileInfo(Path.Combine(work, "model.onnx")).Length > 10_000, "the model was exported to ONNX");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
