using System.Security.Cryptography;
using System.Text;

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
}
