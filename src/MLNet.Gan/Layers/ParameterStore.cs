using MLNet.Gan.IO;

namespace MLNet.Gan.Layers;

/// <summary>
/// A network's parameters in a checksummed parameter file (<see cref="ParameterFile"/>, which knows
/// tensors, not layers): saved by name and shape, loaded back into parameters of the same names and shapes.
/// </summary>
internal static class ParameterStore
{
    /// <summary>Saves parameters to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IEnumerable<Parameter> parameters)
        => AtomicFile.Write(path, s => ParameterFile.Write(s, parameters.Select(p => (p.Name, p.Rows, p.Cols, p.Value))));

    /// <summary>Loads values saved by <see cref="Save"/> into <paramref name="parameters"/>, matching names and shapes.</summary>
    public static void Load(string path, IEnumerable<Parameter> parameters)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Parameter file '{path}' does not exist.", path);
        }

        using var stream = File.OpenRead(path);
        Assign(ParameterFile.Read(stream, path), parameters, path);
    }

    /// <summary>Copies read tensors into parameters of the same names and shapes.</summary>
    public static void Assign(IReadOnlyList<(string Name, int Rows, int Cols, float[] Values)> tensors, IEnumerable<Parameter> parameters, string source)
    {
        var byName = tensors.ToDictionary(t => t.Name);
        foreach (var p in parameters)
        {
            if (!byName.TryGetValue(p.Name, out var t))
            {
                throw new InvalidDataException($"'{source}' has no tensor '{p.Name}'; it was saved from a different network.");
            }

            if (t.Rows != p.Rows || t.Cols != p.Cols)
            {
                throw new InvalidDataException($"'{source}': tensor '{p.Name}' is {t.Rows}×{t.Cols}, the network expects {p.Rows}×{p.Cols}.");
            }

            t.Values.CopyTo(p.Value, 0);
        }
    }

    /// <summary>An optimizer's first and second moments as named tensors (<c>prefix.parameter.m</c>, <c>.v</c>), for a checkpoint.</summary>
    public static IEnumerable<(string, int, int, float[])> Moments(string prefix, Adam adam)
        => adam.Parameters.SelectMany((p, i) => new[]
        {
            ($"{prefix}.{p.Name}.m", p.Rows, p.Cols, adam.FirstMoments[i]),
            ($"{prefix}.{p.Name}.v", p.Rows, p.Cols, adam.SecondMoments[i]),
        });

    /// <summary>Restores moments written by <see cref="Moments"/>; a missing or reshaped one is an error naming the file.</summary>
    public static void RestoreMoments(string prefix, Adam adam, Dictionary<string, float[]> byName, string path)
    {
        for (int i = 0; i < adam.Parameters.Count; i++)
        {
            foreach (var (suffix, target) in new[] { (".m", adam.FirstMoments[i]), (".v", adam.SecondMoments[i]) })
            {
                string name = $"{prefix}.{adam.Parameters[i].Name}{suffix}";
                if (!byName.TryGetValue(name, out var values) || values.Length != target.Length)
                {
                    throw new InvalidDataException($"'{path}': optimizer state '{name}' is missing or has another shape; was the checkpoint written with other options?");
                }

                values.CopyTo(target, 0);
            }
        }
    }
}
