using System.IO.Compression;
using System.Text.Json;
using MLNet.Gan.Compute;
using MLNet.Gan.IO;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Images;

/// <summary>What a DCGAN archive's manifest records: the kind and format, the images, the classes and the options.</summary>
internal sealed record DcganManifest
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

    /// <summary>λ of the gradient penalty, written for the WGAN-GP loss only (so the other losses' archives stay as they were).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public float? GradientPenaltyWeight { get; set; }

    /// <summary>Discriminator updates per generator update, written when not 1 (so the other losses' archives stay as they were).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? CriticSteps { get; set; }

    public int Epochs { get; set; }

    public int BatchSize { get; set; }

    public int NoiseDimension { get; set; }

    public int[] NetworkChannels { get; set; } = [];

    public float LearningRate { get; set; }

    public float Beta1 { get; set; }

    public float Dropout { get; set; }

    public float LeakySlope { get; set; }

    public long Seed { get; set; }

    /// <summary>For a checkpoint, the epoch it was written after; null (and not written) for a finished model.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? CheckpointEpoch { get; set; }

    /// <summary>The manifest of options <paramref name="o"/> for images of <paramref name="shape"/>.</summary>
    public static DcganManifest Of(ImageShape shape, float maxValue, IReadOnlyList<string> classes, DcganOptions o, int? checkpointEpoch) => new()
    {
        Channels = shape.Channels,
        Height = shape.Height,
        Width = shape.Width,
        MaxValue = maxValue,
        Classes = [.. classes],
        Loss = o.Loss.ToString(),
        GradientPenaltyWeight = o.Loss == GanLoss.WassersteinGradientPenalty ? o.GradientPenaltyWeight : null,
        CriticSteps = o.CriticStepsOrDefault == 1 ? null : o.CriticStepsOrDefault,
        Epochs = o.Epochs,
        BatchSize = o.BatchSize,
        NoiseDimension = o.NoiseDimension,
        NetworkChannels = [.. o.Channels],
        LearningRate = o.LearningRate,
        Beta1 = o.Beta1,
        Dropout = o.Dropout,
        LeakySlope = o.LeakySlope,
        Seed = o.Seed,
        CheckpointEpoch = checkpointEpoch,
    };

    /// <summary>The training options this manifest records (the inverse of <see cref="Of"/>).</summary>
    public DcganOptions ToOptions() => new()
    {
        Loss = Enum.Parse<GanLoss>(Loss),
        GradientPenaltyWeight = GradientPenaltyWeight ?? CtGanDefaults.GradientPenaltyWeight,
        CriticSteps = CriticSteps ?? 1,
        Epochs = Epochs,
        BatchSize = BatchSize,
        NoiseDimension = NoiseDimension,
        Channels = NetworkChannels,
        LearningRate = LearningRate,
        Beta1 = Beta1,
        Dropout = Dropout,
        LeakySlope = LeakySlope,
        Seed = Seed,
    };

    /// <summary>What differs between the run this manifest records and another (the epochs aside), one setting at a time, or null when they match.</summary>
    public string? Difference(DcganManifest run)
    {
        var mine = JsonSerializer.SerializeToNode(this with { Epochs = 0, CheckpointEpoch = null })!.AsObject();
        var theirs = JsonSerializer.SerializeToNode(run with { Epochs = 0, CheckpointEpoch = null })!.AsObject();
        var differences = mine.Where(p => !System.Text.Json.Nodes.JsonNode.DeepEquals(p.Value, theirs[p.Key]))
            .Select(p => $"{p.Key} {p.Value?.ToJsonString()} in the checkpoint, {theirs[p.Key]?.ToJsonString()} in this run").ToArray();
        return differences.Length == 0 ? null : string.Join("; ", differences);
    }
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
            WriteModel(zip, DcganManifest.Of(model.Shape, model.MaxValue, model.ClassNames, model.Options, null), model.Networks);
        });

    /// <summary>
    /// A checkpoint after <paramref name="epoch"/>: the model's entries (so it also loads as the model of that epoch) and the
    /// discriminator, both optimizers' moments (<c>optimizers.params</c>) and the training state (<c>training.bin</c>).
    /// </summary>
    public static void WriteCheckpoint(string path, DcganTraining training, DcganOptions options, float maxValue, IReadOnlyList<string> classes, ImageShape shape, int epoch)
        => AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteModel(zip, DcganManifest.Of(shape, maxValue, classes, options, epoch), training.Networks);
            var discriminator = training.Networks.Discriminator;
            ArchiveEntries.Write(zip, "discriminator.params", s => ParameterFile.Write(s, discriminator.Parameters.Concat(discriminator.State).Select(p => (p.Name, p.Rows, p.Cols, p.Value))));
            ArchiveEntries.Write(zip, "optimizers.params", s => ParameterFile.Write(s, ParameterStore.Moments("generator", training.GeneratorOptimizer).Concat(ParameterStore.Moments("discriminator", training.DiscriminatorOptimizer))));
            ArchiveEntries.Write(zip, "training.bin", s =>
            {
                using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
                training.WriteState(w);
            });
        });

    /// <summary>
    /// Restores a run from a checkpoint written by the same data's run with the same options (the epochs may differ);
    /// returns the epoch it was written after. Anything else is refused, naming what differs.
    /// </summary>
    public static int RestoreCheckpoint(string path, DcganTraining training, DcganOptions options, float maxValue, IReadOnlyList<string> classes, ImageShape shape)
    {
        using var zip = SynthesizerArchive.Open(path);
        var manifest = ReadManifest(zip, path);
        if (manifest.CheckpointEpoch is not int epoch)
        {
            throw new InvalidDataException($"'{path}' is a finished DCGAN, not a checkpoint: there is nothing to resume.");
        }

        if (manifest.Difference(DcganManifest.Of(shape, maxValue, classes, options, null)) is { } difference)
        {
            throw new InvalidDataException($"'{path}' was written by another run: {difference}.");
        }

        if (epoch >= options.Epochs)
        {
            throw new InvalidDataException($"'{path}' was written after epoch {epoch}; this run trains {options.Epochs} epochs, so nothing is left to train.");
        }

        var (generator, discriminator) = (training.Networks.Generator, training.Networks.Discriminator);
        SynthesizerArchive.ReadEntry(zip, "generator.params", path, s => Assign(s, path, generator.Parameters.Concat(generator.State)));
        SynthesizerArchive.ReadEntry(zip, "discriminator.params", path, s => Assign(s, path, discriminator.Parameters.Concat(discriminator.State)));
        SynthesizerArchive.ReadEntry(zip, "optimizers.params", path, s =>
        {
            var byName = ParameterFile.Read(s, path).ToDictionary(t => t.Name, t => t.Values);
            ParameterStore.RestoreMoments("generator", training.GeneratorOptimizer, byName, path);
            ParameterStore.RestoreMoments("discriminator", training.DiscriminatorOptimizer, byName, path);
            return 0;
        });
        SynthesizerArchive.ReadEntry(zip, "training.bin", path, s =>
        {
            using var r = new BinaryReader(s);
            training.ReadState(r, path);
            return 0;
        });
        return epoch;
    }

    private static void WriteModel(ZipArchive zip, DcganManifest manifest, DcganNetworks networks)
    {
        ArchiveEntries.Write(zip, "manifest.json", s => JsonSerializer.Serialize(s, manifest, Json));
        var generator = networks.Generator;
        ArchiveEntries.Write(zip, "generator.params", s => ParameterFile.Write(s, generator.Parameters.Concat(generator.State).Select(p => (p.Name, p.Rows, p.Cols, p.Value))));
    }

    private static int Assign(Stream s, string path, IEnumerable<Parameter> parameters)
    {
        ParameterStore.Assign(ParameterFile.Read(s, path), parameters, path);
        return 0;
    }

    private static DcganManifest ReadManifest(ZipArchive zip, string path)
    {
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

        return manifest;
    }

    public static DcganModel Load(string path)
    {
        using var zip = SynthesizerArchive.Open(path);
        var manifest = ReadManifest(zip, path);
        var options = manifest.ToOptions();
        var shape = new ImageShape(manifest.Channels, manifest.Height, manifest.Width);
        var networks = new DcganNetworks(shape, manifest.Classes.Length, options, RandomStream.Create(0), RandomStream.Create(0, 2));
        var generator = networks.Generator;
        SynthesizerArchive.ReadEntry(zip, "generator.params", path, s => Assign(s, path, generator.Parameters.Concat(generator.State)));
        return new DcganModel(networks, options, manifest.MaxValue, manifest.Classes);
    }
}
