using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Tabular;

[TestClass]
public sealed class CsvTableTests
{
    private static string Temp(string content, string extension = ".csv")
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, content);
        return path;
    }

    private static DataFormatException ReadFails(string content, CsvReadOptions? options = null)
    {
        string path = Temp(content);
        try
        {
            return Assert.ThrowsExactly<DataFormatException>(() => CsvTable.Read(path, options));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Read_GiveMeSomeCredit_TypesMissingValuesAndDropsRowIndex()
    {
        var t = CsvTable.Read(SharedData.File("give_me_some_credit.csv.gz"), new CsvReadOptions { Label = "SeriousDlqin2yrs" });
        Assert.AreEqual(150_000, t.RowCount);
        Assert.AreEqual(11, t.Columns.Count, "the unnamed row-number column is dropped");
        var income = (NumericColumn)t["MonthlyIncome"];
        Assert.AreEqual(29_731, income.MissingCount);
        Assert.AreEqual("NA", income.MissingToken);
        Assert.IsTrue(income.IsInteger);
        Assert.AreEqual(3_924, ((NumericColumn)t["NumberOfDependents"]).MissingCount);
        Assert.IsFalse(((NumericColumn)t["RevolvingUtilizationOfUnsecuredLines"]).IsInteger);
        var label = t.LabelColumn!;
        CollectionAssert.AreEquivalent(new[] { "0", "1" }, label.Categories.ToArray());
        Assert.AreEqual(10_026, label.Counts()[label.CodeOf("1")]);
    }

    [TestMethod]
    public void Read_Adult_InfersCategoricalColumnsAndQuestionMarkIsMissingCategory()
    {
        var t = CsvTable.Read(SharedData.File("adult.csv.gz"), new CsvReadOptions { Label = "income" });
        Assert.AreEqual(32_561, t.RowCount);
        Assert.AreEqual(ColumnKind.Continuous, t["age"].Kind);
        var workclass = (CategoricalColumn)t["workclass"];
        Assert.IsTrue(workclass.CodeOf("?") >= 0, "a missing categorical cell is a category of its own");
    }

    [TestMethod]
    public void Read_CreditcardQuotedNumericLabel_IsCategorical()
    {
        var t = CsvTable.Read(SharedData.File("creditcard_balanced_subset.csv.gz"), new CsvReadOptions { Label = "Class" });
        Assert.AreEqual(984, t.RowCount);
        CollectionAssert.AreEquivalent(new[] { "0", "1" }, t.LabelColumn!.Categories.ToArray());
        Assert.AreEqual(ColumnKind.Continuous, t["V1"].Kind);
    }

    [TestMethod]
    public void WriteThenRead_KeepsOrderTypesMissingAndIntegerFormatting()
    {
        string input = Temp("id,amount,kind,count,flag\n1,1.5,a,3,\n2,,b,4,x\n3,2.25,,5,x\n");
        string output = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}.csv.gz");
        try
        {
            var t = CsvTable.Read(input, new CsvReadOptions { DropRowIndex = false });
            CsvTable.Write(t, output);
            var back = CsvTable.Read(output, new CsvReadOptions { DropRowIndex = false });
            CollectionAssert.AreEqual(t.Columns.Select(c => c.Name).ToArray(), back.Columns.Select(c => c.Name).ToArray());
            for (int c = 0; c < t.Columns.Count; c++)
            {
                Assert.AreEqual(t.Columns[c].Kind, back.Columns[c].Kind);
                for (int r = 0; r < t.RowCount; r++)
                {
                    Assert.AreEqual(t.Columns[c].Format(r), back.Columns[c].Format(r));
                }
            }

            using var text = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(output), System.IO.Compression.CompressionMode.Decompress));
            Assert.AreEqual("id,amount,kind,count,flag\n1,1.5,a,3,\n2,,b,4,x\n3,2.25,,5,x\n", text.ReadToEnd());
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    [TestMethod]
    public void Read_EmptyFile_SaysHeaderExpected()
        => StringAssert.Contains(ReadFails("").Message, "empty");

    [TestMethod]
    public void Read_HeaderOnly_SaysNoDataRows()
        => StringAssert.Contains(ReadFails("a,b\n").Message, "no data rows");

    [TestMethod]
    public void Read_RaggedRow_NamesTheLine()
    {
        var e = ReadFails("a,b\n1,2\n3\n");
        Assert.AreEqual(3L, e.Line);
        StringAssert.Contains(e.Message, "1 fields but the header has 2");
    }

    [TestMethod]
    public void Read_TextInDeclaredNumericColumn_NamesLineAndColumn()
    {
        var e = ReadFails("a,b\n1,2\n3,oops\n", new CsvReadOptions { Numeric = ["b"] });
        Assert.AreEqual(3L, e.Line);
        Assert.AreEqual("b", e.Column);
        StringAssert.Contains(e.Message, "'oops' is not a number");
    }

    [TestMethod]
    public void Read_StrayTextInManyNumbers_IsAnErrorNotAThousandCategories()
    {
        var lines = string.Join("\n", Enumerable.Range(0, 1500).Select(i => $"{i * 1.5}"));
        var e = ReadFails($"v\n{lines}\nabc\n");
        Assert.AreEqual(1502L, e.Line);
        StringAssert.Contains(e.Message, "'abc' is not a number");
    }

    [TestMethod]
    [DataRow("NaN")]
    [DataRow("Infinity")]
    [DataRow("-inf")]
    public void Read_NonFiniteNumber_IsAnError(string token)
    {
        var e = ReadFails($"a,b\n1,2\n3,{token}\n");
        Assert.AreEqual(3L, e.Line);
        StringAssert.Contains(e.Message, "not a finite number");
    }

    [TestMethod]
    public void Read_MissingLabel_NamesFileLineAndColumn()
    {
        var e = ReadFails("x,y\n1,a\n2,\n", new CsvReadOptions { Label = "y" });
        Assert.AreEqual(3L, e.Line);
        Assert.AreEqual("y", e.Column);
        StringAssert.Contains(e.Message, "label is missing");
        StringAssert.Contains(e.Message, ".csv'");
    }

    [TestMethod]
    public void Read_SingleCategoryLabel_IsAnError()
        => StringAssert.Contains(ReadFails("x,y\n1,a\n2,a\n", new CsvReadOptions { Label = "y" }).Message, "single value 'a'");

    [TestMethod]
    public void Read_TooManyCategories_SuggestsDroppingOrNumeric()
    {
        var lines = string.Join("\n", Enumerable.Range(0, 1001).Select(i => $"id{i}"));
        var e = ReadFails($"v\n{lines}\n");
        StringAssert.Contains(e.Message, "1001 distinct values");
        StringAssert.Contains(e.Message, "drop it");
    }

    [TestMethod]
    public void Read_UnknownOptionColumns_ListTheColumns()
    {
        StringAssert.Contains(ReadFails("a,b\n1,2\n", new CsvReadOptions { Label = "c" }).Message, "Columns: a, b");
        StringAssert.Contains(ReadFails("a,b\n1,2\n", new CsvReadOptions { Discrete = ["z"] }).Message, "'z'");
        StringAssert.Contains(ReadFails("a,a\n1,2\n").Message, "twice");
    }

    [TestMethod]
    public void Read_ConstantColumn_IsKeptAsItIs()
    {
        string path = Temp("a,b\n1,5\n2,5\n3,5\n");
        try
        {
            var t = CsvTable.Read(path);
            var b = (NumericColumn)t["b"];
            Assert.AreEqual(5.0, b.Min);
            Assert.AreEqual(5.0, b.Max);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Write_FailureLeavesNoFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"mlnet-gan-missing-{Guid.NewGuid():N}");
        var t = new Table([new NumericColumn("a", [1, 2])]);
        Assert.ThrowsExactly<DirectoryNotFoundException>(() => CsvTable.Write(t, Path.Combine(dir, "out.csv")));
        Assert.IsFalse(Directory.Exists(dir));
    }

    [TestMethod]
    public void Read_FromAPipe_PlainAndGzip()
    {
        // Process substitution (<(zcat …)) and /dev/stdin hand the reader a pipe, which cannot seek.
        foreach (bool compressed in new[] { false, true })
        {
            string fifo = Path.Combine(Path.GetTempPath(), $"mlnet-gan-fifo-{Guid.NewGuid():N}");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
            {
                mkfifo.WaitForExit();
            }

            try
            {
                var writer = Task.Run(() =>
                {
                    using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                    using Stream target = compressed ? new System.IO.Compression.GZipStream(pipe, System.IO.Compression.CompressionLevel.Fastest) : pipe;
                    target.Write("a,b\n1,x\n2,y\n"u8);
                });
                var t = CsvTable.Read(fifo, new CsvReadOptions());
                writer.Wait();
                Assert.AreEqual(2, t.RowCount, compressed ? "gzip" : "plain");
                CollectionAssert.AreEqual(new[] { 1.0, 2.0 }, ((NumericColumn)t["a"]).Values);
            }
            finally
            {
                File.Delete(fifo);
            }
        }
    }

    [TestMethod]
    public void BadFiles_SayWhatIsReallyWrong()
    {
        var dir = Directory.CreateTempSubdirectory("mlnet-gan-files-");
        try
        {
            StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => CsvTable.Read(dir.FullName)).Message, "this is a directory");
            string plain = Path.Combine(dir.FullName, "plain.csv.gz");
            File.WriteAllText(plain, "a,b\n1,2\n");
            StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => CsvTable.Read(plain)).Message, "ends in .gz but the file is not gzip data");

            var gzip = File.ReadAllBytes(SharedData.File("german_credit.csv.gz"));
            string truncated = Path.Combine(dir.FullName, "truncated.csv.gz");
            File.WriteAllBytes(truncated, gzip[..(gzip.Length / 2)]);
            StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => CsvTable.Read(truncated)).Message, "the gzip data ends early");
            string corrupt = Path.Combine(dir.FullName, "corrupt.csv.gz");
            gzip[gzip.Length / 3] ^= 0xFF;
            File.WriteAllBytes(corrupt, gzip);
            var error = Assert.ThrowsExactly<DataFormatException>(() => CsvTable.Read(corrupt)).Message;
            Assert.IsTrue(error.Contains("gzip data is corrupt", StringComparison.Ordinal) || error.Contains("gzip data ends early", StringComparison.Ordinal), error);
            Assert.AreEqual(1000, CsvTable.Read(SharedData.File("german_credit.csv.gz")).RowCount, "an intact file still reads");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
