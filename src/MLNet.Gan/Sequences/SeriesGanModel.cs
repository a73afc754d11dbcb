using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Compute;
using MLNet.Gan.IO;

namespace MLNet.Gan.Sequences;

/// <summary>A trained sequence GAN: generates paths of any length from Gaussian noise, reproducibly by seed.</summary>
public sealed class SeriesGanModel : ISeriesModel
{
    private readonly SequenceGenerator _generator;
    private readonly AssetTransform[] _transforms;
    private readonly int _noise, _hidden, _layers;

    internal SeriesGanModel(IReadOnlyList<string> assets, AssetTransform[] transforms, SequenceGenerator generator, int noise, SeriesGanOptions options)
        : this(assets, transforms, generator, noise, options.Hidden, options.Layers)
    {
    }

    private SeriesGanModel(IReadOnlyList<string> assets, AssetTransform[] transforms, SequenceGenerator generator, int noise, int hidden, int layers)
    {
        Assets = assets;
        _transforms = transforms;
        _generator = generator;
        (_noise, _hidden, _layers) = (noise, hidden, layers);
    }

    /// <inheritdoc />
    public string Kind => "gan";

    /// <inheritdoc />
    public IReadOnlyList<string> Assets { get; }

    /// <summary>Each asset's transform between returns and the GAN's space.</summary>
    public IReadOnlyList<AssetTransform> Transforms => _transforms;

    /// <summary>Days each generated day depends on.</summary>
    public int ReceptiveField => _generator.ReceptiveField;

    /// <summary>The training step whose generator this is (checkpoint selection keeps the best, not always the last); 0 when unknown.</summary>
    public int TrainingStep { get; internal set; }

    /// <summary>Days of the series the generator learned from (the first ones); 0 when unknown (a model saved before this was recorded).</summary>
    public int TrainingDays { get; internal set; }

    /// <summary>Days after them held out to choose the checkpoint on (none of them were learned from).</summary>
    public int ValidationDays { get; internal set; }

    /// <summary>
    /// Set by training when checkpoint selection was asked for but no checkpoint had a finite score
    /// (the paths' stylized facts were undefined): the last step's generator was kept. Not saved.
    /// </summary>
    public bool NoCheckpointScored { get; internal set; }

    /// <summary>The generator's parameters.</summary>
    internal IReadOnlyList<Layers.Parameter> Parameters => _generator.Network.Parameters;

    /// <inheritdoc />
    public ReturnSeries Generate(int length, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return Generate(length, RandomStream.Create(seed, streamId: 0x5E04));
    }

    /// <summary>One path of <paramref name="length"/> days drawn from <paramref name="rng"/>.</summary>
    internal ReturnSeries Generate(int length, RandomStream rng)
    {
        var g = _generator.Forward(1, length, rng, training: false);
        var paths = new double[Assets.Count][];
        for (int a = 0; a < paths.Length; a++)
        {
            paths[a] = new double[length];
            for (int t = 0; t < length; t++)
            {
                paths[a][t] = _transforms[a].ToReturn(g[t, a]);
            }
        }

        return new ReturnSeries(Assets, paths);
    }

    /// <summary>
    /// Runs the generator over a real <paramref name="history"/> (the model's assets, in its order) and
    /// recovers each day's shock and the next day's drift and volatility (<see cref="FilteredSeries"/>,
    /// in the model's standardized space; <see cref="Transforms"/> maps back to returns). Refused, with
    /// the reason, for a model that draws fresh noise every day.
    /// </summary>
    public FilteredSeries Filter(ReturnSeries history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new SeriesFilter(_generator).Run(Standardized(history));
    }

    /// <summary>
    /// Filters <paramref name="history"/> as <see cref="Filter"/> does and, before each of the request's origin days,
    /// simulates its paths from the filtered state (<see cref="ScenarioRequest"/>).
    /// </summary>
    internal void Simulate(ReturnSeries history, ScenarioRequest request)
    {
        ArgumentNullException.ThrowIfNull(history);
        new SeriesFilter(_generator).Run(Standardized(history), scenarios: request);
    }

    /// <summary>The history in the GAN's standardized space, (days, assets) row-major.</summary>
    private float[] Standardized(ReturnSeries history)
    {
        if (!history.Assets.SequenceEqual(Assets))
        {
            throw new ArgumentException($"The history's assets ({string.Join(", ", history.Assets)}) differ from the model's ({string.Join(", ", Assets)}).", nameof(history));
        }

        var values = new float[history.Length * Assets.Count];
        for (int t = 0; t < history.Length; t++)
        {
            for (int a = 0; a < Assets.Count; a++)
            {
                values[(t * Assets.Count) + a] = (float)_transforms[a].ToGaussian(history.Returns[a][t]);
            }
        }

        return values;
    }

    /// <summary>The generator (filtering, tests).</summary>
    internal SequenceGenerator Generator => _generator;

    /// <inheritdoc />
    public void Save(string path)
    {
        var json = new JsonObject
        {
            ["kind"] = Kind,
            ["format"] = 3,
            ["assets"] = new JsonArray([.. Assets.Select(a => (JsonNode)a)]),
            ["noise_channels"] = _noise,
            ["hidden"] = _hidden,
            ["layers"] = _layers,
            ["training_step"] = TrainingStep,
            ["training_days"] = TrainingDays,
            ["validation_days"] = ValidationDays,
            ["transforms"] = new JsonArray([.. _transforms.Select(t => (JsonNode)new JsonObject
            {
                ["mean"] = t.Mean,
                ["scale"] = t.Scale,
                ["lowest"] = t.Lowest,
                ["highest"] = t.Highest,
                ["left_tail"] = t.LeftTail,
                ["right_tail"] = t.RightTail,
            })]),
            ["weights"] = new JsonObject([.. _generator.Network.Parameters.Select(p => new KeyValuePair<string, JsonNode?>(p.Name, Convert.ToBase64String(MemoryMarshal.AsBytes(p.Value.AsSpan()))))]),
        };
        AtomicFile.Write(path, s => JsonSerializer.Serialize(s, json, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    internal static SeriesGanModel FromJson(JsonObject json, string path)
    {
        if (json["format"]?.GetValue<int>() != 3)
        {
            throw new InvalidDataException($"'{path}' holds a sequence GAN of format {json["format"]}; this version reads format 3 (refit the model: format 2 generators had no memory of past shocks).");
        }

        var assets = json["assets"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        int noise = json["noise_channels"]!.GetValue<int>(), hidden = json["hidden"]!.GetValue<int>(), layers = json["layers"]!.GetValue<int>();
        var transforms = json["transforms"]!.AsArray().Select(t => new AssetTransform(
            t!["mean"]!.GetValue<double>(), t["scale"]!.GetValue<double>(), t["lowest"]!.GetValue<double>(), t["highest"]!.GetValue<double>(), t["left_tail"]!.GetValue<double>(), t["right_tail"]!.GetValue<double>())).ToArray();

        var generator = new SequenceGenerator(noise, [.. transforms.Select(t => (t.LeftTail, t.RightTail))], hidden, layers, RandomStream.Create(0));
        var weights = json["weights"]!.AsObject();
        foreach (var p in generator.Network.Parameters)
        {
            var bytes = Convert.FromBase64String(weights[p.Name]?.GetValue<string>() ?? throw new InvalidDataException($"'{path}' lacks the weights '{p.Name}'."));
            if (bytes.Length != p.Length * sizeof(float))
            {
                throw new InvalidDataException($"'{path}': the weights '{p.Name}' have {bytes.Length / sizeof(float)} values; the network needs {p.Length}.");
            }

            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(p.Value);
        }

        return new SeriesGanModel(assets, transforms, generator, noise, hidden, layers)
        {
            TrainingStep = json["training_step"]?.GetValue<int>() ?? 0,
            TrainingDays = json["training_days"]?.GetValue<int>() ?? 0,
            ValidationDays = json["validation_days"]?.GetValue<int>() ?? 0,
        };
    }
}
