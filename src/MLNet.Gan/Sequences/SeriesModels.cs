using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Compute;
using MLNet.Gan.IO;

namespace MLNet.Gan.Sequences;

/// <summary>A fitted generator of return paths: any length, any number of paths, reproducible by seed.</summary>
public interface ISeriesModel
{
    /// <summary>"garch" or "gan".</summary>
    string Kind { get; }

    /// <summary>The assets, in order.</summary>
    IReadOnlyList<string> Assets { get; }

    /// <summary>One path of <paramref name="length"/> days; the same seed gives the same path.</summary>
    ReturnSeries Generate(int length, long seed);

    /// <summary>Saves the model as one JSON file, atomically.</summary>
    void Save(string path);
}

/// <summary>
/// The GARCH(1,1)-t baseline for one or several assets: each asset's own GARCH(1,1)-t, and for several
/// assets constant conditional correlations (CCC, Bollerslev 1990) of the standardized residuals, with
/// multivariate-t innovations (one shared mixing draw; ν the mean of the assets' ν).
/// </summary>
public sealed class GarchSeriesModel : ISeriesModel
{
    private GarchSeriesModel(IReadOnlyList<string> assets, GarchModel[] models, double[,] correlation)
    {
        Assets = assets;
        Models = models;
        Correlation = correlation;
    }

    /// <inheritdoc />
    public string Kind => "garch";

    /// <inheritdoc />
    public IReadOnlyList<string> Assets { get; }

    /// <summary>Each asset's fitted GARCH.</summary>
    public IReadOnlyList<GarchModel> Models { get; }

    /// <summary>Correlations of the standardized residuals.</summary>
    public double[,] Correlation { get; }

    /// <summary>Fits every asset by maximum likelihood, then the residual correlations.</summary>
    public static GarchSeriesModel Fit(ReturnSeries series)
    {
        var models = series.Returns.Select(r => GarchModel.Fit(r)).ToArray();
        var residuals = series.Returns.Select((r, a) => models[a].StandardizedResiduals(r)).ToArray();
        return new GarchSeriesModel(series.Assets, models, StylizedFacts.CrossCorrelations(new ReturnSeries(series.Assets, residuals)));
    }

    /// <inheritdoc />
    public ReturnSeries Generate(int length, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        int n = Assets.Count;
        if (n == 1)
        {
            return new ReturnSeries(Assets, [Models[0].Simulate(length, seed)]);
        }

        const int burnIn = 1000;
        var cholesky = Cholesky(Correlation);
        double nu = Models.Average(m => m.Parameters.Nu);
        double tScale = Math.Sqrt((nu - 2) / nu);
        var rng = RandomStream.Create(seed, streamId: 0x6A4D);
        var paths = new double[n][];
        var h = new double[n];
        var e = new double[n];
        var g = new double[n];
        for (int a = 0; a < n; a++)
        {
            paths[a] = new double[length];
            h[a] = Models[a].Parameters.UnconditionalVariance;
        }

        for (int t = -burnIn; t < length; t++)
        {
            for (int a = 0; a < n; a++)
            {
                g[a] = rng.NextNormal();
            }

            double mixing = Math.Sqrt(2 * GarchModel.Gamma(rng, nu / 2) / nu);
            for (int a = 0; a < n; a++)
            {
                var p = Models[a].Parameters;
                h[a] = p.Omega + (p.Alpha * e[a] * e[a]) + (p.Beta * h[a]);
                double correlated = 0;
                for (int k = 0; k <= a; k++)
                {
                    correlated += cholesky[a, k] * g[k];
                }

                e[a] = Math.Sqrt(h[a]) * correlated / mixing * tScale;
                if (t >= 0)
                {
                    paths[a][t] = p.Mu + e[a];
                }
            }
        }

        return new ReturnSeries(Assets, paths);
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        var json = new JsonObject
        {
            ["kind"] = Kind,
            ["format"] = 1,
            ["assets"] = new JsonArray([.. Assets.Select(a => (JsonNode)a)]),
            ["garch"] = new JsonArray([.. Models.Select(m => (JsonNode)new JsonObject
            {
                ["mu"] = m.Parameters.Mu,
                ["omega"] = m.Parameters.Omega,
                ["alpha"] = m.Parameters.Alpha,
                ["beta"] = m.Parameters.Beta,
                ["nu"] = m.Parameters.Nu,
                ["log_likelihood"] = m.LogLikelihood,
            })]),
            ["correlation"] = new JsonArray([.. Enumerable.Range(0, Assets.Count).Select(i => (JsonNode)new JsonArray([.. Enumerable.Range(0, Assets.Count).Select(j => (JsonNode)Correlation[i, j])]))]),
        };
        AtomicFile.Write(path, s => JsonSerializer.Serialize(s, json, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    internal static GarchSeriesModel FromJson(JsonObject json)
    {
        var assets = json["assets"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var models = json["garch"]!.AsArray().Select(g => GarchModel.FromParameters(new GarchParameters(
            g!["mu"]!.GetValue<double>(), g["omega"]!.GetValue<double>(), g["alpha"]!.GetValue<double>(), g["beta"]!.GetValue<double>(), g["nu"]!.GetValue<double>()))).ToArray();
        var rows = json["correlation"]!.AsArray();
        var correlation = new double[assets.Length, assets.Length];
        for (int i = 0; i < assets.Length; i++)
        {
            for (int j = 0; j < assets.Length; j++)
            {
                correlation[i, j] = rows[i]![j]!.GetValue<double>();
            }
        }

        return new GarchSeriesModel(assets, models, correlation);
    }

    /// <summary>The lower-triangular L with L Lᵀ = <paramref name="m"/> (symmetric positive definite).</summary>
    internal static double[,] Cholesky(double[,] m)
    {
        int n = m.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = m[i, j];
                for (int k = 0; k < j; k++)
                {
                    s -= l[i, k] * l[j, k];
                }

                l[i, j] = i == j ? Math.Sqrt(Math.Max(s, 1e-12)) : s / l[j, j];
            }
        }

        return l;
    }
}

/// <summary>Loads a series model saved by any generator.</summary>
public static class SeriesModels
{
    /// <summary>Reads the model at <paramref name="path"/>; a foreign or damaged file is a clear error.</summary>
    public static ISeriesModel Load(string path)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a series model (not JSON: {e.Message}).", e);
        }

        string kind = json["kind"]?.GetValue<string>() ?? throw new InvalidDataException($"'{path}' is not a series model (no \"kind\").");
        try
        {
            return kind switch
            {
                "garch" => GarchSeriesModel.FromJson(json),
                "gan" => SeriesGanModel.FromJson(json, path),
                _ => throw new InvalidDataException($"'{path}' holds a series model of unknown kind '{kind}'."),
            };
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is a damaged {kind} model: {e.Message}", e);
        }
    }
}
