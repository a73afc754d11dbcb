using System.Globalization;
using MLNet.Gan.IO;
using Parquet;
using Parquet.Schema;

namespace MLNet.Gan.Tabular;

/// <summary>
/// Reads and writes <see cref="Table"/>s as Apache Parquet (Parquet.Net, fully managed), beside CSV:
/// fraud data lives in data lakes. Reading builds the columns with the CSV reader's own rules
/// (<see cref="CsvReadOptions"/>: label, discrete/numeric overrides, drops, missing values), so a
/// table reads the same from either format; null cells are missing.
/// </summary>
public static class ParquetTable
{
    /// <summary>Whether <paramref name="path"/> names a Parquet file (by its <c>.parquet</c> extension).</summary>
    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads a Parquet file of flat columns: numbers (any integer or floating type, decimal), Booleans
    /// and strings. Other types (dates, nested columns) are a clear error naming the column.
    /// </summary>
    public static Table Read(string path, CsvReadOptions? options = null)
    {
        options ??= new CsvReadOptions();
        if (Directory.Exists(path))
        {
            throw new DataFormatException("this is a directory; a Parquet file (.parquet) is expected.", path);
        }

        if (!File.Exists(path))
        {
            throw new DataFormatException("the file does not exist.", path);
        }

        try
        {
            return ReadAsync(path, options).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ParquetException)
        {
            throw new DataFormatException($"not a readable Parquet file ({e.Message.TrimEnd('.')}).", path);
        }
    }

    private static async Task<Table> ReadAsync(string path, CsvReadOptions options)
    {
        var reader = await ParquetReader.CreateAsync(path).ConfigureAwait(false);
        await using var disposeReader = reader.ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        if (reader.Schema.Fields.Count != fields.Length)
        {
            throw new DataFormatException("the file has nested columns; only flat columns are read.", path);
        }

        var builders = new TableBuilder(fields.Select(f => f.Name).ToArray(), options, path);
        long firstRow = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int rows = checked((int)group.RowCount);
            var cells = new string[rows];
            for (int i = 0; i < fields.Length; i++)
            {
                if (!builders.Keeps(i))
                {
                    continue;
                }

                await ReadCells(group, fields[i], cells, path).ConfigureAwait(false);
                for (int r = 0; r < rows; r++)
                {
                    builders.Add(i, cells[r], firstRow + r + 1);
                }
            }

            firstRow += rows;
        }

        return builders.Build(firstRow);
    }

    /// <summary>One column of a row group as text cells, as a CSV would hold them (null → "").</summary>
    private static async Task ReadCells(ParquetRowGroupReader group, DataField field, string[] cells, string path)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>)) // Parquet.Net 6 types UTF-8 columns as ReadOnlyMemory<char>
        {
            var strings = new string?[cells.Length];
            await group.ReadAsync(field, strings.AsMemory()).ConfigureAwait(false);
            for (int r = 0; r < cells.Length; r++)
            {
                cells[r] = strings[r] ?? "";
            }
        }
        else if (type == typeof(double)) { await Numbers<double>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(float)) { await Numbers<float>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(long)) { await Numbers<long>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(int)) { await Numbers<int>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(short)) { await Numbers<short>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(sbyte)) { await Numbers<sbyte>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(byte)) { await Numbers<byte>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(ushort)) { await Numbers<ushort>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(uint)) { await Numbers<uint>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(ulong)) { await Numbers<ulong>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(decimal)) { await Numbers<decimal>(group, field, cells).ConfigureAwait(false); }
        else if (type == typeof(bool))
        {
            var values = new bool?[cells.Length];
            await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
            for (int r = 0; r < cells.Length; r++)
            {
                cells[r] = values[r] is { } b ? (b ? "true" : "false") : "";
            }
        }
        else
        {
            throw new DataFormatException($"the column has Parquet type {type.Name}; numbers, Booleans and strings are read. Drop it, or store it as a number.", path, column: field.Name);
        }
    }

    private static async Task Numbers<T>(ParquetRowGroupReader group, DataField field, string[] cells)
        where T : struct, IFormattable
    {
        var values = new T?[cells.Length];
        await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
        for (int r = 0; r < cells.Length; r++)
        {
            cells[r] = values[r] is { } v ? v.ToString(typeof(T) == typeof(double) || typeof(T) == typeof(float) ? "R" : null, CultureInfo.InvariantCulture) : "";
        }
    }

    /// <summary>
    /// Writes tables with the same columns as one Parquet file, one row group per table (each written
    /// and dropped before the next is asked for), atomically. Numeric columns are doubles, or 64-bit
    /// integers when every value is whole; missing numbers are nulls; categorical columns are strings.
    /// </summary>
    public static void Write(IEnumerable<Table> tables, string path)
    {
        AtomicFile.Write(path, stream => WriteAsync(tables, stream).GetAwaiter().GetResult());
    }

    private static async Task WriteAsync(IEnumerable<Table> tables, Stream stream)
    {
        ParquetWriter? writer = null;
        DataField[]? fields = null;
        try
        {
            foreach (var table in tables)
            {
                if (writer is null)
                {
                    fields = [.. table.Columns.Select(Field)];
                    writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).ConfigureAwait(false);
                }

                using var group = writer.CreateRowGroup();
                for (int i = 0; i < fields!.Length; i++)
                {
                    await WriteColumn(group, fields[i], table[fields[i].Name]).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static DataField Field(Column column) => column switch
    {
        NumericColumn n when Whole(n) => new DataField(n.Name, typeof(long), isNullable: true),
        NumericColumn n => new DataField(n.Name, typeof(double), isNullable: true),
        _ => new DataField(column.Name, typeof(string), isNullable: true),
    };

    private static bool Whole(NumericColumn n)
    {
        foreach (double v in n.Values)
        {
            if (!double.IsNaN(v) && (v != Math.Floor(v) || Math.Abs(v) > 9e15))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task WriteColumn(ParquetRowGroupWriter group, DataField field, Column column)
    {
        if (column is not NumericColumn numbers)
        {
            var strings = new string[column.Length];
            for (int r = 0; r < strings.Length; r++)
            {
                strings[r] = column.Format(r);
            }

            await group.WriteAsync(field, strings).ConfigureAwait(false);
            return;
        }

        var values = numbers.Values;
        if (field.ClrType == typeof(long))
        {
            var longs = new long?[values.Length];
            for (int r = 0; r < values.Length; r++)
            {
                longs[r] = double.IsNaN(values[r]) ? null : (long)values[r];
            }

            await group.WriteAsync(field, (ReadOnlyMemory<long?>)longs).ConfigureAwait(false);
        }
        else
        {
            var doubles = new double?[values.Length];
            for (int r = 0; r < values.Length; r++)
            {
                doubles[r] = double.IsNaN(values[r]) ? null : values[r];
            }

            await group.WriteAsync(field, (ReadOnlyMemory<double?>)doubles).ConfigureAwait(false);
        }
    }
}
