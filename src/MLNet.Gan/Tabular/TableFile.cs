namespace MLNet.Gan.Tabular;

/// <summary>Reads and writes tables as CSV (plain or gzip) or Parquet, chosen by the file's extension (<c>.parquet</c>, otherwise CSV).</summary>
public static class TableFile
{
    /// <summary>Reads <paramref name="path"/> with <see cref="ParquetTable"/> or <see cref="CsvTable"/>, under the same options.</summary>
    public static Table Read(string path, CsvReadOptions? options = null)
        => ParquetTable.IsParquet(path) ? ParquetTable.Read(path, options) : CsvTable.Read(path, options);

    /// <summary>
    /// Writes tables with the same columns, one after the other, to one file, atomically (a Parquet
    /// row group per table). <paramref name="header"/> = false leaves a CSV's header line out (a
    /// shard after the first); a Parquet file always carries its schema.
    /// </summary>
    public static void Write(IEnumerable<Table> tables, string path, bool header = true)
    {
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
