using System.Globalization;
using System.Text;
using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// Our CTGAN beside the same network in PyTorch (build/ctgan_pytorch.py, run by <c>build/bench.sh pytorch</c>).
/// <see cref="Export"/> writes a benchmark table as our CTGAN encodes it (the encoder and settings of <see cref="CtGanOptions"/>'s
/// defaults, seed 0), so that build/reference_ctgan.py trains the same network on the same numbers in
/// PyTorch: <c>encoded.f32</c> (rows × width float32, little-endian, row-major) and <c>spans.tsv</c>
/// (start, length, tanh|softmax, whether the span is a discrete column's categories, i.e. a condition).
/// </summary>
internal static class PyTorchPeer
{
    public static void Export(string dataset, string folder)
    {
        var table = DatasetSpecs.ByName(dataset);
        var options = new CtGanOptions { Seed = 0 };
        var encoder = TableEncoder.Fit(table, options.Encoder.WithSeed(options.Seed));
        var data = encoder.Transform(table, options.Seed, options.Encoder.ModeSelection);
        Directory.CreateDirectory(folder);
        using (var stream = File.Create(Path.Combine(folder, "encoded.f32")))
        {
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Span));
        }

        var spans = new StringBuilder("start\tlength\tactivation\tcondition\n");
        foreach (var span in encoder.Spans)
        {
            string activation = span.Role == SpanRole.Alpha ? "tanh" : "softmax";
            bool condition = span.Role == SpanRole.Category && encoder.Columns[span.ColumnIndex] is DiscreteEncoder;
            spans.Append(CultureInfo.InvariantCulture, $"{span.Start}\t{span.Length}\t{activation}\t{(condition ? 1 : 0)}\n");
        }

        File.WriteAllText(Path.Combine(folder, "spans.tsv"), spans.ToString());
        Console.WriteLine($"{dataset}: {data.Rows:N0} rows × {data.Cols} encoded columns → {folder}");
    }

    /// <summary>Our CTGAN's training rows/s on <paramref name="dataset"/>, defaults, 2 threads: mean of epochs 2–4.</summary>
    public static void Train(string dataset)
    {
        ComputeSettings.Threads = 2;
        var rates = new List<double>();
        new CtGan(new CtGanOptions { Epochs = 4, Seed = 0, Progress = new TrainingBenchmark.Recorder(p => rates.Add(p.RowsPerSecond)) }).Fit(DatasetSpecs.ByName(dataset));
        Console.WriteLine($"managed CTGAN, {Gemm.ResolvePath()} GEMM, 2 threads: epochs {string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} rows/s; mean of epochs 2..4: {rates.Skip(1).Average():N0}");
    }
}
