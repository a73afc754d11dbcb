using System.IO.Compression;
using System.Text.Json;
using MLNet.Gan.Compute;
using MLNet.Gan.DifferentialPrivacy;
using MLNet.Gan.Encoding;
using MLNet.Gan.IO;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Synthesizers;

/// <summary>
/// The model archive: one zip holding <c>manifest.json</c> (format, options, label, loss history),
/// <c>encoder.bin</c>, <c>conditions.bin</c> (category counts) and <c>generator.params</c>. A checkpoint
/// adds the critic, both optimizers' moments and the random streams, so a resumed run continues
/// exactly. Entries carry a fixed timestamp: the same training gives a byte-identical file.
/// </summary>
internal static class SynthesizerArchive
{
    private const int Format = 1;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save(string path, CtGanModel model)
        => AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteModel(zip, model.Encoder, model.CategoryCounts, model.Generator, model.Options, SavedHistory(model), model.Label, checkpointEpoch: null, model.Privacy);
        });

    public static void WriteCheckpoint(string path, CtGanTraining training, IReadOnlyList<EpochLoss> history, int epoch, string? label, CtGanOptions options)
        => AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteModel(zip, training.Encoder, training.CategoryCounts, training.Generator, options, history, label, epoch);
            ArchiveEntries.Write(zip, "critic.params", s => ParameterFile.Write(s, Tensors(training.Critic.Parameters)));
            ArchiveEntries.Write(zip, "optimizers.params", s => ParameterFile.Write(s, ParameterStore.Moments("generator", training.GeneratorOptimizer).Concat(ParameterStore.Moments("critic", training.CriticOptimizer))));
            ArchiveEntries.Write(zip, "streams.bin", s =>
            {
                using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
                w.Write(training.GeneratorOptimizer.StepCount);
                w.Write(training.CriticOptimizer.StepCount);
                w.Write(training.Streams.Count);
                foreach (var stream in training.Streams)
                {
                    stream.WriteState(w);
                }
            });
        });

    /// <summary>
    /// Saves a TVAE. With <paramref name="inference"/>, the encoder side is saved too (a model that scores
    /// rows, such as an anomaly detector, needs it; generation does not), and <paramref name="extra"/>
    /// writes entries of the caller's.
    /// </summary>
    public static void Save(string path, TvaeModel model, bool inference = false, Action<ZipArchive>? extra = null)
        => AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            ArchiveEntries.Write(zip, "manifest.json", s => JsonSerializer.Serialize(s, ModelManifest.From(model.Options, SavedHistory(model), model.Label, model.Privacy), Json));
            ArchiveEntries.Write(zip, "encoder.bin", s => TableEncoderFormat.Write(model.Encoder, s));
            WriteCounts(zip, model.CategoryCounts);
            ArchiveEntries.Write(zip, "decoder.params", s => ParameterFile.Write(s, Tensors(model.Network.DecoderParameters)));
            if (inference)
            {
                ArchiveEntries.Write(zip, InferenceEntry, s => ParameterFile.Write(s, Tensors(model.Network.EncoderParameters)));
            }

            extra?.Invoke(zip);
        });

    /// <summary>The manifest's model kind of an image model's archive, which this reader refuses by name.</summary>
    internal const string ImageModelKind = "dcgan";

    /// <summary>The entry of a TVAE archive that holds the encoder side, when it was saved.</summary>
    internal const string InferenceEntry = "inference.params";

    /// <summary>Loads a CTGAN or a TVAE, as the manifest says, reading the archive once.</summary>
    public static FittedSynthesizer LoadAny(string path)
    {
        using var zip = Open(path);
        var manifest = ReadManifest(zip, path);
        if (manifest.Synthesizer == ImageModelKind)
        {
            throw new InvalidDataException($"'{path}' holds an image model (a DCGAN), not a table synthesizer.");
        }

        var encoder = ReadEntry(zip, "encoder.bin", path, s => TableEncoderFormat.Read(s, path));
        var counts = ReadEntry(zip, "conditions.bin", path, ReadCounts);
        return manifest.Synthesizer switch
        {
            "ctgan" => BuildCtGan(zip, path, manifest, encoder, counts),
            "tvae" => BuildTvae(zip, path, manifest, encoder, counts),
            _ => throw new InvalidDataException($"'{path}' holds an unknown synthesizer '{manifest.Synthesizer}'."),
        };
    }

    public static CtGanModel Load(string path) => LoadAny(path) as CtGanModel
        ?? throw new InvalidDataException($"'{path}' holds a TVAE model, not a CTGAN.");

    private static TvaeModel BuildTvae(ZipArchive zip, string path, ModelManifest manifest, TableEncoder encoder, int[][] counts)
    {
        var options = manifest.ToTvaeOptions();
        var network = new TvaeNetwork(encoder.Width, options.HiddenDimensions, options.LatentDimension, encoder.Spans, RandomStream.Create(0, 1));
        ReadEntry(zip, "decoder.params", path, s => Assign(s, path, network.DecoderParameters));
        bool inference = zip.GetEntry(InferenceEntry) is not null;
        if (inference)
        {
            ReadEntry(zip, InferenceEntry, path, s => Assign(s, path, network.EncoderParameters));
        }

        return new TvaeModel(encoder, counts, network, options, manifest.History, manifest.Label) { Privacy = manifest.Privacy, HasEncoder = inference };
    }

    /// <summary>
    /// The loss history an archive keeps: none for a differentially private model, whose per-epoch
    /// losses (TVAE's, and CTGAN's critic term) are means over real rows computed without noise and
    /// would be released beside the guarantee without being covered by it.
    /// </summary>
    private static IReadOnlyList<EpochLoss> SavedHistory(FittedSynthesizer model) => model.Privacy is null ? model.History : [];

    private static CtGanModel BuildCtGan(ZipArchive zip, string path, ModelManifest manifest, TableEncoder encoder, int[][] counts)
    {
        var options = manifest.ToOptions();
        var gumbel = RandomStream.Create(0, streamId: 2);
        int conditionWidth = counts.Sum(c => c.Length);
        var generator = new Generator(options.EmbeddingDimension + conditionWidth, options.GeneratorDimensions, encoder.ActivationSpans, options.GumbelTemperature, RandomStream.Create(0, 1), gumbel);
        ReadEntry(zip, "generator.params", path, s => Assign(s, path, [.. generator.Parameters, .. generator.State]));
        return new CtGanModel(encoder, counts, generator, gumbel, options, manifest.History, manifest.Label) { Privacy = manifest.Privacy };
    }

    /// <summary>Restores a training run from a checkpoint; returns the epoch it was written after.</summary>
    public static int RestoreCheckpoint(string path, CtGanTraining training, List<EpochLoss> history)
    {
        using var zip = Open(path);
        var manifest = ReadManifest(zip, path);
        if (manifest.CheckpointEpoch is not int epoch)
        {
            throw new InvalidDataException($"'{path}' is a finished model, not a checkpoint: there is nothing to resume.");
        }

        ReadEntry(zip, "generator.params", path, s => Assign(s, path, [.. training.Generator.Parameters, .. training.Generator.State]));
        ReadEntry(zip, "critic.params", path, s => Assign(s, path, training.Critic.Parameters));
        ReadEntry(zip, "optimizers.params", path, s =>
        {
            var byName = ParameterFile.Read(s, path).ToDictionary(t => t.Name, t => t.Values);
            ParameterStore.RestoreMoments("generator", training.GeneratorOptimizer, byName, path);
            ParameterStore.RestoreMoments("critic", training.CriticOptimizer, byName, path);
            return 0;
        });
        ReadEntry(zip, "streams.bin", path, s =>
        {
            using var r = new BinaryReader(s);
            training.GeneratorOptimizer.RestoreStepCount(r.ReadInt32());
            training.CriticOptimizer.RestoreStepCount(r.ReadInt32());
            int n = r.ReadInt32();
            if (n != training.Streams.Count)
            {
                throw new InvalidDataException($"'{path}' holds {n} random streams; this build trains with {training.Streams.Count}.");
            }

            foreach (var stream in training.Streams)
            {
                stream.ReadState(r);
            }

            return 0;
        });
        history.Clear();
        history.AddRange(manifest.History);
        return epoch;
    }

    private static void WriteModel(ZipArchive zip, TableEncoder encoder, IReadOnlyList<int[]> counts, Generator generator, CtGanOptions options, IReadOnlyList<EpochLoss> history, string? label, int? checkpointEpoch, PrivacyReport? privacy = null)
    {
        ArchiveEntries.Write(zip, "manifest.json", s => JsonSerializer.Serialize(s, ModelManifest.From(options, history, label, checkpointEpoch, privacy), Json));
        ArchiveEntries.Write(zip, "encoder.bin", s => TableEncoderFormat.Write(encoder, s));
        WriteCounts(zip, counts);
        ArchiveEntries.Write(zip, "generator.params", s => ParameterFile.Write(s, Tensors([.. generator.Parameters, .. generator.State])));
    }

    private static void WriteCounts(ZipArchive zip, IReadOnlyList<int[]> counts)
        => ArchiveEntries.Write(zip, "conditions.bin", s =>
        {
            using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
            w.Write(counts.Count);
            foreach (var column in counts)
            {
                w.Write(column.Length);
                Array.ForEach(column, w.Write);
            }
        });

    private static IEnumerable<(string, int, int, float[])> Tensors(IEnumerable<Parameter> parameters)
        => parameters.Select(p => (p.Name, p.Rows, p.Cols, p.Value));

    private static int Assign(Stream s, string path, IEnumerable<Parameter> parameters)
    {
        ParameterStore.Assign(ParameterFile.Read(s, path), parameters, path);
        return 0;
    }

    private static int[][] ReadCounts(Stream s)
    {
        using var r = new BinaryReader(s);
        var counts = new int[r.ReadInt32()][];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = new int[r.ReadInt32()];
            for (int j = 0; j < counts[i].Length; j++)
            {
                counts[i][j] = r.ReadInt32();
            }
        }

        return counts;
    }

    internal static ZipArchive Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException($"'{path}' is not an MLNet.Gan model archive (not a readable zip file).");
        }
    }

    private static ModelManifest ReadManifest(ZipArchive zip, string path)
    {
        var manifest = ReadEntry(zip, "manifest.json", path, s => JsonSerializer.Deserialize<ModelManifest>(s, Json))
            ?? throw new InvalidDataException($"'{path}': empty manifest.");
        if (manifest.Format != Format)
        {
            throw new InvalidDataException($"'{path}' has model format {manifest.Format}; this build reads format {Format}.");
        }

        return manifest;
    }

    internal static T ReadEntry<T>(ZipArchive zip, string name, string path, Func<Stream, T> read)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"'{path}' is not a complete MLNet.Gan model: it has no '{name}'.");
        try
        {
            using var s = entry.Open();
            using var buffer = new MemoryStream();
            s.CopyTo(buffer);
            buffer.Position = 0;
            return read(buffer);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or InvalidDataException and not { Message: ['\'', ..] })
        {
            throw new InvalidDataException($"'{path}' is corrupt: its entry '{name}' cannot be read ({e.Message}).");
        }
    }
}
