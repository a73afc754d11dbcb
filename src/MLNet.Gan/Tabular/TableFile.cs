namespace MLNet.Gan.Tabular;

/// <summary>Reads and writes tables as CSV (plain or gzip) or Parquet, chosen by the file's extension (<c>.parquet</c>, otherwise CSV).</summary>
public static class TableFile
{
    /// <summary>Reads <paramref name="path"/> with <see cref="ParquetTable"/> or <see cref="CsvTable"/>, under the same options.</summary>
    public static Table Read(string path, CsvReadOptions? options = null)
        => ParquetTable.IsParquet(path) ? ParquetTable.Read(path, options) : CsvTable.Read(path, options);

    /// <summary>The file names written: CSV, gzip-compressed CSV, Parquet.</summary>
    public static IReadOnlyList<string> WrittenExtensions { get; } = [".csv", ".csv.gz", ".parquet"];

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> (for <paramref name="path"/>) unless the name ends in
    /// one of <see cref="WrittenExtensions"/>: a table written as CSV text into <c>synthetic.xlsx</c>
    /// would be a file no program opens as what its name says. Call it before any work.
    /// </summary>
    public static void CheckWritable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!WrittenExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            throw OptionChecks.Refuse(nameof(path), path, $"a file name ending in {string.Join(", ", WrittenExtensions)}");
        }
    }

    /// <summary>
    /// Writes tables with the same columns, one after the other, to one file, atomically (a Parquet
    /// row group per table). <paramref name="header"/> = false leaves a CSV's header line out (a
    /// shard after the first); a Parquet file always carries its schema. The name must end in one of
    /// <see cref="WrittenExtensions"/>.
    /// </summary>
    public static void Write(IEnumerable<Table> tables, string path, bool header = true)
    {
        CheckWritable(path);
        if (ParquetTable.IsParquet(path))
        {
            ParquetTable.Write(tables, path);
        }
        else
        {
            CsvTable.Write(tables, path, header);
        }
    }
}
