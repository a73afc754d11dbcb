using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MLNet.Gan.IO;

namespace MLNet.Gan.Tabular;

/// <summary>Reads and writes <see cref="Table"/>s as CSV, plain or gzip-compressed (by content, or a <c>.gz</c> name when writing).</summary>
public static class CsvTable
{
    /// <summary>
    /// Reads a CSV file with a header row. Column kinds are inferred (numeric unless non-numeric text
    /// appears) and can be overridden with <see cref="CsvReadOptions.Discrete"/> and
    /// <see cref="CsvReadOptions.Numeric"/>. Bad input throws <see cref="DataFormatException"/> naming
    /// the file, line and column.
    /// </summary>
    public static Table Read(string path, CsvReadOptions? options = null)
    {
        options ??= new CsvReadOptions();
        if (Directory.Exists(path))
        {
            throw new DataFormatException("this is a directory; a CSV file (.csv or .csv.gz) is expected.", path);
        }

        if (!File.Exists(path))
        {
            throw new DataFormatException("the file does not exist.", path);
        }

        using var stream = OpenMaybeCompressed(path);
        try
        {
            return Read(stream, path, options);
        }
        catch (InvalidDataException e) when (stream is GzipCheckedStream)
        {
            throw new DataFormatException($"the gzip data is corrupt ({e.Message.TrimEnd('.')}).", path);
        }
    }

    /// <summary>Reads CSV text from a stream; <paramref name="source"/> names it in error messages.</summary>
    public static Table Read(Stream stream, string source, CsvReadOptions options)
    {
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = options.Delimiter.ToString(),
            HasHeaderRecord = true,
            BadDataFound = null,
            DetectColumnCountChanges = false,
        };
        using var parser = new CsvParser(reader, config);
        if (!parser.Read())
        {
            throw new DataFormatException("the file is empty; a header row naming the columns is expected.", source);
        }

        string[] header = parser.Record!;
        var table = new TableBuilder(header, options, source);
        long rows = 0;
        while (parser.Read())
        {
            var record = parser.Record!;
            long line = parser.RawRow;
            if (record.Length == 1 && record[0].Length == 0 && header.Length > 1)
            {
                continue; // a blank line
            }

            if (record.Length != header.Length)
            {
                throw new DataFormatException($"this row has {record.Length} fields but the header has {header.Length}.", source, line);
            }

            for (int i = 0; i < record.Length; i++)
            {
                if (table.Keeps(i))
                {
                    table.Add(i, record[i], line);
                }
            }

            rows++;
        }

        return table.Build(rows);
    }

    /// <summary>Writes a table as CSV (gzip when the path ends in <c>.gz</c>), atomically: no half file on error.</summary>
    public static void Write(Table table, string path) => Write([table], path);

    /// <summary>Writes a table as CSV text to a stream (left open).</summary>
    public static void Write(Table table, Stream stream) => Write([table], stream, header: true);

    /// <summary>
    /// Writes tables with the same columns, one after the other, as one CSV file, atomically: each
    /// table is written and dropped before the next is asked for, so a generated output of any size
    /// streams through flat memory. Without <paramref name="header"/> the header line is left out (a
    /// shard after the first, so the parts concatenate to one file). Nothing is left at
    /// <paramref name="path"/> if enumerating fails.
    /// </summary>
    public static void Write(IEnumerable<Table> tables, string path, bool header = true)
    {
        AtomicFile.Write(path, stream =>
        {
            Stream target = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true)
                : stream;
            try
            {
                Write(tables, target, header);
            }
            finally
            {
                if (target != stream)
                {
                    target.Dispose();
                }
            }
        });
    }

    private static void Write(IEnumerable<Table> tables, Stream stream, bool header)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" });
        bool first = true;
        foreach (var table in tables)
        {
            if (first && header)
            {
                foreach (var c in table.Columns)
                {
                    csv.WriteField(c.Name);
                }

                csv.NextRecord();
            }

            first = false;
            for (int r = 0; r < table.RowCount; r++)
            {
                foreach (var c in table.Columns)
                {
                    csv.WriteField(c.Format(r));
                }

                csv.NextRecord();
            }
        }
    }

    private static Stream OpenMaybeCompressed(string path)
    {
        Stream file = File.OpenRead(path);
        if (!file.CanSeek)
        {
            // A pipe (/dev/stdin, <(zcat …)) cannot rewind after the magic bytes are read: hold it
            // in memory, as the table will be anyway.
            var memory = new MemoryStream();
            using (file)
            {
                file.CopyTo(memory);
            }

            memory.Position = 0;
            file = memory;
        }

        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Position = 0;
        bool gzip = n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        if (!gzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            file.Dispose();
            throw new DataFormatException("the name ends in .gz but the file is not gzip data (it does not start with the bytes 1f 8b).", path);
        }

        if (!gzip)
        {
            return file;
        }

        // gzip's trailer holds the uncompressed size (mod 2³²): a stream that ends short of it was cut off
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Position = 0;
        return new GzipCheckedStream(file, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer), path);
    }

    /// <summary>Decompresses gzip and checks, at the end, that as many bytes came out as the trailer says.</summary>
    private sealed class GzipCheckedStream(Stream compressed, uint expectedSize, string path) : Stream
    {
        private readonly GZipStream _inner = new(compressed, CompressionMode.Decompress);
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = _inner.Read(buffer);
            _read += n;
            if (n == 0 && buffer.Length > 0 && (uint)_read != expectedSize)
            {
                throw new DataFormatException($"the gzip data ends early, after {_read:N0} decompressed bytes: the file is truncated or corrupt (its last four bytes, gzip's size field, do not match; several concatenated gzip members are not supported).", path);
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
