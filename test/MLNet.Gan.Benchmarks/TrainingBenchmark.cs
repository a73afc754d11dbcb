using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// Training and sampling throughput as ../shared/docs/anchors.md measures it: default architecture,
/// batch 500, pac 10, 2 threads; training rows/s = rows per epoch ÷ seconds per epoch, mean of 3
/// epochs after 1 warm-up epoch (the encoder fitted beforehand, timed separately); sampling = 100,000
/// rows after a 1,000-row warm-up. Each dataset runs in its own process so its peak memory is its own.
/// </summary>
internal static class TrainingBenchmark
{
    private static readonly string[] Datasets = ["taiwan_default", "give_me_some_credit_50k"];

    /// <summary>Runs every dataset in a child process and writes the combined JSON.</summary>
    public static void RunAll(string jsonPath)
    {
        var results = new JsonArray();
        foreach (var name in Datasets)
        {
            var start = new ProcessStartInfo("dotnet", [typeof(TrainingBenchmark).Assembly.Location, "train-one", name]) { RedirectStandardOutput = true };
            using var child = Process.Start(start)!;
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                throw new InvalidOperationException($"The benchmark of {name} failed (exit {child.ExitCode}).");
            }

            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
            results.Add(JsonNode.Parse(line));
            Console.WriteLine(line);
        }

        var json = new JsonObject { ["datasets"] = results };
        File.WriteAllText(jsonPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Wrote {jsonPath}");
    }

    /// <summary>Measures one dataset and prints one JSON object on the last line of standard output.</summary>
    public static void RunOne(string name)
    {
        ComputeSettings.Threads = 2;
        var table = DatasetSpecs.ByName(name);

        var clock = Stopwatch.StartNew();
        var encoder = TableEncoder.Fit(table);
        double encoderSeconds = clock.Elapsed.TotalSeconds;

        var epochRates = new List<double>();
        var options = new CtGanOptions { Epochs = 4, Seed = 0, Progress = new Recorder(p => epochRates.Add(p.RowsPerSecond)) };
        var model = new CtGan(options).Fit(table);
        double trainRate = epochRates.Skip(1).Average();

        model.Sample(1_000, seed: 1);
        clock.Restart();
        model.Sample(100_000, seed: 2);
        double sampleRate = 100_000 / clock.Elapsed.TotalSeconds;

        // TVAE, measured the same way: mean of epochs 2–4, sampling 100,000 rows after a warm-up.
        var tvaeRates = new List<double>();
        var tvae = new Tvae(new TvaeOptions { Epochs = 4, Seed = 0, Progress = new Recorder(p => tvaeRates.Add(p.RowsPerSecond)) }).Fit(table);
        tvae.Sample(1_000, seed: 1);
        clock.Restart();
        tvae.Sample(100_000, seed: 2);
        double tvaeSampleRate = 100_000 / clock.Elapsed.TotalSeconds;

        var result = new JsonObject
        {
            ["name"] = name,
            ["rows"] = table.RowCount,
            ["encoded_width"] = encoder.Width,
            ["train_rows_per_second"] = Math.Round(trainRate),
            ["sample_rows_per_second"] = Math.Round(sampleRate),
            ["encoder_fit_seconds"] = Math.Round(encoderSeconds, 3),
            ["peak_memory_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0)),
            ["tvae_train_rows_per_second"] = Math.Round(tvaeRates.Skip(1).Average()),
            ["tvae_sample_rows_per_second"] = Math.Round(tvaeSampleRate),
        };
        Console.WriteLine(result.ToJsonString());
    }

    internal sealed class Recorder(Action<TrainingProgress> record) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => record(value);
    }
}
