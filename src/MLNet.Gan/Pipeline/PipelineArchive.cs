using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using MLNet.Gan.IO;

namespace MLNet.Gan.Pipeline;

/// <summary>
/// A transformer that can be saved inside a pipeline archive. It also needs a public static
/// <c>Load(ZipArchive archive, string folder)</c> method returning itself, which loading finds by the
/// type name recorded in the archive (so an assembly such as MLNet.Gan.XGBoost is loaded on demand).
/// </summary>
public interface ISavableTransformer : ITransformer
{
    /// <summary>
    /// Writes this transformer's entries under <paramref name="folder"/> (ending in '/'), with
    /// <see cref="ArchiveEntries.Write"/> so that the archive's bytes depend on its content only.
    /// </summary>
    void Save(ZipArchive archive, string folder);
}

/// <summary>
/// Saves a fitted chain to one zip archive and loads it back: <c>pipeline.json</c> lists the steps
/// with their scopes and types, and each saved step keeps its entries in a folder of its own (the
/// XGBoost booster in XGBoost's own format, say). Steps that run only in training (augmentation) are
/// listed but not saved: a loaded pipeline scores data exactly as the saved one did, and is refitted,
/// not loaded, to train again. Written atomically, with fixed timestamps (<see cref="ArchiveEntries"/>:
/// the same model gives the same bytes).
/// </summary>
public static class PipelineArchive
{
    private const string Format = "mlnet-gan-pipeline";
    private const int Version = 1;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Saves <paramref name="chain"/>; every step that scores data must be an <see cref="ISavableTransformer"/>.</summary>
    public static void Save<T>(TransformerChain<T> chain, string path)
        where T : class, ITransformer
    {
        var manifest = new PipelineManifest { Format = Format, Version = Version };
        for (int i = 0; i < chain.Steps.Count; i++)
        {
            var (transformer, scope) = chain.Steps[i];
            bool scores = (scope & TransformerScope.Scoring) != 0;
            if (scores && transformer is not ISavableTransformer)
            {
                throw new InvalidOperationException($"Step {i + 1} ({transformer.GetType().Name}) scores data but cannot be saved.");
            }

            manifest.Steps.Add(new PipelineStep
            {
                Scope = scope.ToString(),
                Type = transformer.GetType().AssemblyQualifiedName!,
                Folder = scores ? $"step-{i + 1}/" : null,
            });
        }

        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            ArchiveEntries.Write(zip, "pipeline.json", s => JsonSerializer.Serialize(s, manifest, Json));
            for (int i = 0; i < chain.Steps.Count; i++)
            {
                if (manifest.Steps[i].Folder is { } folder)
                {
                    ((ISavableTransformer)chain.Steps[i].Transformer).Save(zip, folder);
                }
            }
        });
    }

    /// <summary>Loads a saved pipeline: the steps that score data, in order, ready to <see cref="TransformerChain{T}.Transform(Tabular.Table)"/>.</summary>
    public static TransformerChain<ITransformer> Load(string path)
    {
        using var zip = OpenArchive(path);
        var manifestEntry = zip.GetEntry("pipeline.json") ?? throw new InvalidDataException($"'{path}' is not a pipeline archive (no pipeline.json).");
        PipelineManifest manifest;
        using (var s = manifestEntry.Open())
        {
            manifest = JsonSerializer.Deserialize<PipelineManifest>(s, Json) ?? throw new InvalidDataException($"'{path}': pipeline.json is empty.");
        }

        if (manifest.Format != Format || manifest.Version != Version)
        {
            throw new InvalidDataException($"'{path}' is a '{manifest.Format}' archive of version {manifest.Version}; this library reads '{Format}' version {Version}.");
        }

        var steps = new List<(ITransformer, TransformerScope)>();
        foreach (var step in manifest.Steps.Where(s => s.Folder is not null))
        {
            var type = Type.GetType(step.Type) ?? throw new InvalidDataException($"'{path}' needs the type {step.Type}; reference its assembly to load this pipeline.");
            var load = type.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(ZipArchive), typeof(string)])
                ?? throw new InvalidDataException($"{type.Name} has no public static Load(ZipArchive, string).");
            var transformer = (ITransformer)(InvokeUnwrapped(load, zip, step.Folder!) ?? throw new InvalidDataException($"{type.Name}.Load returned nothing."));
            steps.Add((transformer, Enum.Parse<TransformerScope>(step.Scope)));
        }

        if (steps.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no step that scores data.");
        }

        return new TransformerChain<ITransformer>([.. steps]);
    }

    /// <summary>An entry of a saved step, or a clear error when the archive lacks it.</summary>
    public static ZipArchiveEntry Entry(ZipArchive archive, string name)
        => archive.GetEntry(name) ?? throw new InvalidDataException($"The pipeline archive lacks '{name}'.");

    private static ZipArchive OpenArchive(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException)
        {
            stream.Dispose();
            throw new InvalidDataException($"'{path}' is not a pipeline archive (not a zip file).");
        }
    }

    private static object? InvokeUnwrapped(MethodInfo method, ZipArchive zip, string folder)
    {
        try
        {
            return method.Invoke(null, [zip, folder]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private sealed class PipelineManifest
    {
        public string Format { get; set; } = "";

        public int Version { get; set; }

        public List<PipelineStep> Steps { get; set; } = [];
    }

    private sealed class PipelineStep
    {
        public string Scope { get; set; } = "";

        public string Type { get; set; } = "";

        public string? Folder { get; set; }
    }
}
