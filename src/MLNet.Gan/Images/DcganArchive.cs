using System.IO.Compression;
using System.Text.Json;
using MLNet.Gan.Compute;
using MLNet.Gan.IO;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Images;

/// <summary>What a DCGAN archive's manifest records: the kind and format, the images, the classes and the options.</summary>
internal sealed class DcganManifest
{
    public int Format { get; set; } = DcganArchive.Format;

    /// <summary>"dcgan"; the table synthesizers' reader refuses it by this name.</summary>
    public string Synthesizer { get; set; } = SynthesizerArchive.ImageModelKind;

    public int Channels { get; set; }

    public int Height { get; set; }

    public int Width { get; set; }

    public float MaxValue { get; set; }

    public string[] Classes { get; set; } = [];

    public string Loss { get; set; } = nameof(GanLoss.LeastSquares);

    public int Epochs { get; set; }

    public int BatchSize { get; set; }

    public int NoiseDimension { get; set; }

    public int[] NetworkChannels { get; set; } = [];

    public float LearningRate { get; set; }

    public float Beta1 { get; set; }

    public float Dropout { get; set; }

    public float LeakySlope { get; set; }

    public long Seed { get; set; }
}

/// <summary>
/// A DCGAN's archive: one zip with <c>manifest.json</c> (kind "dcgan", format, image shape, pixel range,
/// class names, options) and <c>generator.params</c> (the generator's weights and batch-normalisation
/// statistics in our checksummed parameter file). Written atomically with fixed timestamps, so the same
/// training gives a byte-identical file.
/// </summary>
internal static class DcganArchive
{
    public const int Format = 1;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save(string path, DcganModel model)
        => AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var o = model.Options;
            var manifest = new DcganManifest
            {
                Channels = model.Shape.Channels,
                Height = model.Shape.Height,
                Width = model.Shape.Width,
                MaxValue = model.MaxValue,
                Classes = [.. model.ClassNames],
                Loss = o.Loss.ToString(),
                Epochs = o.Epochs,
                BatchSize = o.BatchSize,
                NoiseDimension = o.NoiseDimension,
                NetworkChannels = [.. o.Channels],
                LearningRate = o.LearningRate,
                Beta1 = o.Beta1,
                Dropout = o.Dropout,
                LeakySlope = o.LeakySlope,
                Seed = o.Seed,
            };
            ArchiveEntries.Write(zip, "manifest.json", s => JsonSerializer.Serialize(s, manifest, Json));
            var generator = model.Networks.Generator;
            ArchiveEntries.Write(zip, "generator.params", s => ParameterFile.Write(s, generator.Parameters.Concat(generator.State).Select(p => (p.Name, p.Rows, p.Cols, p.Value))));
        });

    public static DcganModel Load(string path)
    {
        using var zip = SynthesizerArchive.Open(path);
        var manifest = SynthesizerArchive.ReadEntry(zip, "manifest.json", path, s => JsonSerializer.Deserialize<DcganManifest>(s, Json))
            ?? throw new InvalidDataException($"'{path}': empty manifest.");
        if (manifest.Synthesizer != SynthesizerArchive.ImageModelKind)
        {
            throw new InvalidDataException($"'{path}' holds a {manifest.Synthesizer.ToUpperInvariant()} table synthesizer, not an image model (DCGAN).");
        }

        if (manifest.Format != Format)
        {
            throw new InvalidDataException($"'{path}' has image model format {manifest.Format}; this build reads format {Format}.");
        }

        var options = new DcganOptions
        {
            Loss = Enum.Parse<GanLoss>(manifest.Loss),
            Epochs = manifest.Epochs,
            BatchSize = manifest.BatchSize,
            NoiseDimension = manifest.NoiseDimension,
            Channels = manifest.NetworkChannels,
            LearningRate = manifest.LearningRate,
            Beta1 = manifest.Beta1,
            Dropout = manifest.Dropout,
            LeakySlope = manifest.LeakySlope,
            Seed = manifest.Seed,
        };
        var shape = new ImageShape(manifest.Channels, manifest.Height, manifest.Width);
        var networks = new DcganNetworks(shape, manifest.Classes.Length, options, RandomStream.Create(0), RandomStream.Create(0, 2));
        var generator = networks.Generator;
        SynthesizerArchive.ReadEntry(zip, "generator.params", path, s =>
        {
            ParameterStore.Assign(ParameterFile.Read(s, path), generator.Parameters.Concat(generator.State), path);
            return 0;
        });
        return new DcganModel(networks, options, manifest.MaxValue, manifest.Classes);
    }
}
