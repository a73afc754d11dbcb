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
        var rows = new Option<int>("--rows") { Description = "Rows to generate.", Required = true };
        var condition = new Option<string?>("--condition") { Description = "column=value: every row gets this value of a discrete column." };
        var seed = new Option<long>("--seed") { Description = "Seed: the same model and seed give the same rows.", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo>("--out") { Description = "Output CSV (.csv or .csv.gz), written atomically.", Required = true };
        var command = new Command("sample", "Generate synthetic rows from a saved model.");
        foreach (var o in new Option[] { model, rows, condition, seed, output })
        {
            command.Options.Add(o);
        }

        var engineOptions = new EngineOptions();
        engineOptions.AddTo(command);
        command.SetAction(result =>
        {
            var (engine, device) = engineOptions.Read(result);
            var fitted = (FittedSynthesizer)SynthesizerModel.Load(result.GetValue(model)!.FullName);
            int n = result.GetValue(rows);
            if (n < 1)
            {
                throw new ArgumentException($"--rows must be at least 1 (got {n}).");
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

            var table = fitted.Sample(n, column, value, result.GetValue(seed), roundIntegers: true, engine, device);
            CsvTable.Write(table, result.GetValue(output)!.FullName);
            Console.Error.WriteLine($"Wrote {table.RowCount:N0} rows to {result.GetValue(output)!.FullName}.");
            return 0;
        });
        return command;
    }
}
