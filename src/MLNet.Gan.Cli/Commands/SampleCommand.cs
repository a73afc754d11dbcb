using System.CommandLine;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli.Commands;

/// <summary><c>mlnet-gan sample</c>: writes synthetic rows from a saved model.</summary>
public static class SampleCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Model archive written by fit.", Required = true };
        var rows = new Option<long>("--rows") { Description = "Rows to generate (streamed to the file in chunks of 100,000: memory stays flat).", Required = true };
        var shard = new Option<string?>("--shard") { Description = "i/n: write only part i of n of the output (deterministic per seed); CSV parts 1 … n concatenate to the unsharded file (only part 1 has the header); Parquet parts are files of one dataset." };
        var condition = new Option<string?>("--condition") { Description = "column=value: every row gets this value of a discrete column." };
        var seed = new Option<long>("--seed") { Description = "Seed: the same model and seed give the same rows.", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo>("--out") { Description = "Output file: .csv, .csv.gz or .parquet (a row group per 100,000 rows), written atomically.", Required = true };
        var command = new Command("sample", "Generate synthetic rows from a saved model.");
        foreach (var o in new Option[] { model, rows, condition, seed, shard, output })
        {
            command.Options.Add(o);
        }

        var engineOptions = new EngineOptions();
        engineOptions.AddTo(command);
        command.SetAction(result =>
        {
            // every option is checked before the model is read
            var (engine, device) = engineOptions.Read(result);
            long n = result.GetValue(rows);
            if (n < 1)
            {
                throw new ArgumentException($"--rows must be at least 1 (got {n}).");
            }

            string path = result.GetValue(output)!.FullName;
            OptionNames.Validate(() => TableFile.CheckWritable(path), ("path", "--out"));
            var part = Shard.All;
            if (result.GetValue(shard) is { } text)
            {
                OptionNames.Validate(() => part = Shard.Parse(text), ("shard", "--shard"));
            }

            string? column = null, value = null;
            if (result.GetValue(condition) is { } c)
            {
                int eq = c.IndexOf('=');
                if (eq <= 0)
                {
                    throw new ArgumentException($"--condition must look like column=value (got '{c}').");
                }

                (column, value) = (c[..eq], c[(eq + 1)..]);
            }

            var fitted = (FittedSynthesizer)SynthesizerModel.Load(result.GetValue(model)!.FullName);
            var (first, count) = ChunkedSampling.RowsOf(n, part);
            var chunks = fitted.SampleChunks(n, column, value, result.GetValue(seed), roundIntegers: true, engine, device, part);
            TableFile.Write(Progress(chunks, count), path, header: part.Index == 0);
            string of = part.Count == 1 ? "" : $" (rows {first + 1:N0} to {first + count:N0} of {n:N0}, part {part.Index + 1} of {part.Count})";
            Console.Error.WriteLine($"Wrote {count:N0} rows{of} to {path}.");
            return 0;
        });
        return command;
    }

    /// <summary>Passes chunks on, reporting rows written and rows/s on the error stream for outputs of more than one chunk.</summary>
    private static IEnumerable<Table> Progress(IEnumerable<Table> chunks, long total)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long done = 0;
        foreach (var chunk in chunks)
        {
            yield return chunk;
            done += chunk.RowCount;
            if (total > ChunkedSampling.ChunkRows)
            {
                Console.Error.WriteLine($"  {done:N0} / {total:N0} rows  {done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} rows/s");
            }
        }
    }
}
