using System.IO.Compression;

namespace MLNet.Gan.IO;

/// <summary>
/// Writes entries of the library's zip archives (models, pipelines) with a fixed timestamp, so that
/// the same content always gives the same bytes.
/// </summary>
public static class ArchiveEntries
{
    /// <summary>The timestamp every entry carries.</summary>
    public static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Adds entry <paramref name="name"/> to <paramref name="zip"/> and writes its content through <paramref name="write"/>.</summary>
    public static void Write(ZipArchive zip, string name, Action<Stream> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedTime;
        using var s = entry.Open();
        write(s);
    }
}
