using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Tabular;

/// <summary>Parquet in and out: the same table from either format, and clear errors.</summary>
[TestClass]
public sealed class ParquetTableTests
{
    private static string Temp(string extension) => Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}{extension}");

    private static void AssertSameTable(Table expected, Table actual)
    {
        Assert.AreEqual(expected.RowCount, actual.RowCount);
        CollectionAssert.AreEqual(expected.Columns.Select(c => c.Name).ToArray(), actual.Columns.Select(c => c.Name).ToArray());
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            Assert.AreEqual(expected.Columns[c].Kind, actual.Columns[c].Kind, expected.Columns[c].Name);
            if (expected.Columns[c] is NumericColumn n)
            {
                CollectionAssert.AreEqual(n.Values, ((NumericColumn)actual.Columns[c]).Values, $"{n.Name}: the same values, missing ones NaN");
                continue;
            }

            for (int r = 0; r < expected.RowCount; r++)
            {
                Assert.AreEqual(expected.Columns[c].Format(r), actual.Columns[c].Format(r), $"{expected.Columns[c].Name}, row {r}");
            }
        }
    }

    [TestMethod]
    public void GiveMeSomeCredit_ReadsTheSameFromParquetAsFromCsv_InRowGroups()
    {
        var options = new CsvReadOptions { Label = "SeriousDlqin2yrs" };
        var csv = CsvTable.Read(SharedData.File("give_me_some_credit.csv.gz"), options);
        string parquet = Temp(".parquet");
        try
        {
            // three row groups of unequal size, as a sampled output in chunks would be
            var rows = Enumerable.Range(0, csv.RowCount).ToArray();
            ParquetTable.Write([csv.Select(rows[..50_000]), csv.Select(rows[50_000..120_000]), csv.Select(rows[120_000..])], parquet);
            var back = TableFile.Read(parquet, options);
            AssertSameTable(csv, back);
            Assert.AreEqual(csv.Label, back.Label);
            Assert.IsGreaterThan(0, ((NumericColumn)back["MonthlyIncome"]).MissingCount, "nulls are missing values");
        }
        finally
        {
            File.Delete(parquet);
        }
    }

    [TestMethod]
    public void Options_ApplyAsForCsv_AndBadFilesSayWhatTheyAre()
    {
        var table = new Table([new NumericColumn("code", [1, 2, 3, 2]), CategoricalColumn.FromValues("y", ["a", "b", "a", "b"]), new NumericColumn("x", [0.5, double.NaN, 1.25, 3])]);
        string parquet = Temp(".parquet"), notParquet = Temp(".parquet");
        try
        {
            TableFile.Write([table], parquet);
            var read = TableFile.Read(parquet, new CsvReadOptions { Label = "y", Discrete = ["code"], Drop = ["x"] });
            Assert.IsInstanceOfType<CategoricalColumn>(read["code"]);
            Assert.IsFalse(read.Contains("x"));
            Assert.AreEqual("y", read.Label);

            var e = Assert.ThrowsExactly<DataFormatException>(() => TableFile.Read(parquet, new CsvReadOptions { Label = "z" }));
            StringAssert.Contains(e.Message, "'z' is not in the header");
            File.WriteAllText(notParquet, "a,b\n1,2\n");
            e = Assert.ThrowsExactly<DataFormatException>(() => TableFile.Read(notParquet));
            StringAssert.Contains(e.Message, "not a readable Parquet file");
            StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => TableFile.Read(Path.GetTempPath() + "none.parquet")).Message, "does not exist");
        }
        finally
        {
            File.Delete(parquet);
            File.Delete(notParquet);
        }
    }
}
