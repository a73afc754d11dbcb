using System.Security.Cryptography;
using System.Text;
using MLNet.Gan.Layers;

namespace MLNet.Gan.IO;

/// <summary>
/// The binary format of a set of named float tensors, versioned and checksummed:
/// <c>"MLNGPARM"</c>, format version (int32), count (int32), then per tensor its name, rows, cols
/// and little-endian float32 values, then the SHA-256 of everything before it. A truncated or
/// altered file is refused with an error that names it.
/// </summary>
public static class ParameterFile
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "MLNGPARM"u8.ToArray();

    /// <summary>Writes the tensors to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IEnumerable<(string Name, int Rows, int Cols, float[] Values)> tensors)
    {
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var list = tensors.ToList();
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(list.Count);
            foreach (var (name, rows, cols, values) in list)
            {
                if (values.Length != rows * cols)
                {
                    throw new ArgumentException($"Tensor '{name}' has {values.Length} values, not {rows}×{cols}.");
                }

                w.Write(name);
                w.Write(rows);
                w.Write(cols);
                w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            }
        }

        byte[] bytes = body.ToArray();
        stream.Write(bytes);
        stream.Write(SHA256.HashData(bytes));
    }

    /// <summary>Reads all tensors; <paramref name="source"/> names the file in error messages.</summary>
    public static IReadOnlyList<(string Name, int Rows, int Cols, float[] Values)> Read(Stream stream, string source)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        byte[] all = buffer.ToArray();
        if (all.Length < Magic.Length + 8 + 32 || !all.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{source}' is not an MLNet.Gan parameter file (missing header).");
        }

        var body = all.AsSpan(0, all.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(all.AsSpan(all.Length - 32)))
        {
            throw new InvalidDataException($"'{source}' is corrupt: its checksum does not match its content (truncated or altered file).");
        }

        using var r = new BinaryReader(new MemoryStream(all, 0, body.Length), System.Text.Encoding.UTF8);
        r.ReadBytes(Magic.Length);
        int version = r.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"'{source}' has parameter format version {version}; this build reads version {FormatVersion}.");
        }

        int count = r.ReadInt32();
        var result = new List<(string, int, int, float[])>(count);
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            int rows = r.ReadInt32();
            int cols = r.ReadInt32();
            var values = new float[rows * cols];
            r.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            result.Add((name, rows, cols, values));
        }

        return result;
    }

    /// <summary>Saves parameters to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IEnumerable<Parameter> parameters)
        => AtomicFile.Write(path, s => Write(s, parameters.Select(p => (p.Name, p.Rows, p.Cols, p.Value))));

    /// <summary>Loads values saved by <see cref="Save"/> into <paramref name="parameters"/>, matching names and shapes.</summary>
    public static void Load(string path, IEnumerable<Parameter> parameters)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Parameter file '{path}' does not exist.", path);
        }

        using var stream = File.OpenRead(path);
        Assign(Read(stream, path), parameters, path);
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
}
