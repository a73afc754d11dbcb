namespace MLNet.Gan.IO;

/// <summary>
/// Writes a file all at once or not at all: the content goes to a temporary file beside the target,
/// which is renamed over the target only when complete. A crash or an error never leaves a half
/// model or half CSV behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> into a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string? directory = CheckFolder(path);
        string temp = Path.Combine(directory ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Throws a <see cref="DirectoryNotFoundException"/> when <paramref name="path"/>'s folder does not exist, so
    /// that a command can refuse an output it could not write before it does any work; returns the folder.
    /// </summary>
    public static string? CheckFolder(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write '{path}': the folder '{directory}' does not exist.");
        }

        return directory;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the temporary file is hidden and never mistaken for the target.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
