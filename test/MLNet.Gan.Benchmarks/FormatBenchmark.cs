using System.Diagnostics;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// Parquet libraries measured side by side (Parquet.Net, fully managed, against ParquetSharp, a
/// wrapper of the C++ Arrow library), on give_me_some_credit (150,000 rows × 12 columns): writing
/// the file (ours, Parquet.Net) and reading every column into arrays with each library, beside
/// our full table read (Parquet.Net plus the CSV reader's column rules) and the CSV (gzip) read.
/// Best of 5, one thread.
/// </summary>
internal static class FormatBenchmark
{
    public static void Run()
    {
        string csv = Path.Combine(DatasetSpecs.DataFolder, "give_me_some_credit.csv.gz");
        var table = CsvTable.Read(csv);
        string parquet = Path.Combine(Path.GetTempPath(), $"gmsc-{Environment.ProcessId}.parquet");
        try
        {
            double write = Best(() => ParquetTable.Write([table], parquet));
            Console.WriteLine($"give_me_some_credit: {table.RowCount:N0} rows × {table.Columns.Count} columns; Parquet {new FileInfo(parquet).Length / 1e6:F1} MB, CSV gzip {new FileInfo(csv).Length / 1e6:F1} MB");
            Console.WriteLine("| operation | ms |");
            Console.WriteLine("|---|---|");
            Console.WriteLine($"| write Parquet (ParquetTable, Parquet.Net 6.1.0) | {write:F0} |");
            Console.WriteLine($"| read columns, Parquet.Net 6.1.0 | {Best(() => ReadParquetNet(parquet)):F0} |");
            Console.WriteLine($"| read columns, ParquetSharp 25.0.1.2 | {Best(() => ReadParquetSharp(parquet)):F0} |");
            Console.WriteLine($"| read table (ParquetTable: Parquet.Net + column rules) | {Best(() => ParquetTable.Read(parquet)):F0} |");
            Console.WriteLine($"| read table from CSV gzip (CsvTable) | {Best(() => CsvTable.Read(csv)):F0} |");
        }
        finally
        {
            File.Delete(parquet);
        }
    }

    private static double Best(Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }

        return best;
    }

    private static void ReadParquetNet(string path)
    {
        var reader = Parquet.ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        var fields = reader.Schema.GetDataFields();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            foreach (var field in fields)
            {
                int n = (int)group.RowCount;
                if (field.ClrType == typeof(long))
                {
                    group.ReadAsync(field, new long?[n].AsMemory()).AsTask().GetAwaiter().GetResult();
                }
                else if (field.ClrType == typeof(double))
                {
                    group.ReadAsync(field, new double?[n].AsMemory()).AsTask().GetAwaiter().GetResult();
                }
                else
                {
                    group.ReadAsync(field, new string?[n].AsMemory()).AsTask().GetAwaiter().GetResult();
                }
            }
        }

        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static void ReadParquetSharp(string path)
    {
        using var file = new ParquetSharp.ParquetFileReader(path);
        for (int g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            int n = checked((int)group.MetaData.NumRows);
            for (int c = 0; c < file.FileMetaData.NumColumns; c++)
            {
                using var column = group.Column(c);
                switch (column.ColumnDescriptor.PhysicalType)
                {
                    case ParquetSharp.PhysicalType.Int64:
                        column.LogicalReader<long?>().ReadAll(n);
                        break;
                    case ParquetSharp.PhysicalType.Double:
                        column.LogicalReader<double?>().ReadAll(n);
                        break;
                    default:
                        column.LogicalReader<string?>().ReadAll(n);
                        break;
                }
            }
        }

        file.Close();
    }
}
