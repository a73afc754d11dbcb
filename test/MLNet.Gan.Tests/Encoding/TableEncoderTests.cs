using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Encoding;

[TestClass]
public sealed class TableEncoderTests
{
    public static IEnumerable<object[]> Datasets()
    {
        yield return ["taiwan_default.csv.gz", "default payment next month", string.Join(";", SharedData.TaiwanDiscrete), "ID"];
        yield return ["adult.csv.gz", "income", "", ""];
        yield return ["bank_additional_full.csv.gz", "y", "", ""];
        yield return ["give_me_some_credit.csv.gz", "SeriousDlqin2yrs", "", ""];
    }

    private static Table Load(string file, string label, string discrete, string drop)
        => CsvTable.Read(SharedData.File(file), new CsvReadOptions
        {
            Label = label,
            Discrete = discrete.Length == 0 ? [] : discrete.Split(';'),
            Drop = drop.Length == 0 ? [] : drop.Split(';'),
        });

    [TestMethod]
    [DynamicData(nameof(Datasets))]
    public void RoundTrip_CategoriesAndMissingExact_ContinuousWithinOnePercentOfRange(string file, string label, string discrete, string drop)
    {
        var table = Load(file, label, discrete, drop);
        var encoder = TableEncoder.Fit(table);
        var encoded = encoder.Transform(table, seed: 1);
        Assert.AreEqual(encoder.Width, encoded.Cols);
        var decoded = encoder.InverseTransform(encoded, label);
        for (int c = 0; c < table.Columns.Count; c++)
        {
            if (table.Columns[c] is CategoricalColumn categorical)
            {
                var back = (CategoricalColumn)decoded.Columns[c];
                for (int r = 0; r < table.RowCount; r++)
                {
                    Assert.AreEqual(categorical.Format(r), back.Format(r), $"{categorical.Name} row {r}");
                }

                continue;
            }

            var original = (NumericColumn)table.Columns[c];
            var restored = (NumericColumn)decoded.Columns[c];
            double tolerance = 0.01 * (original.Max - original.Min);
            int within = 0;
            for (int r = 0; r < table.RowCount; r++)
            {
                double x = original.Values[r], y = restored.Values[r];
                Assert.AreEqual(double.IsNaN(x), double.IsNaN(y), $"{original.Name} row {r}: missing must round-trip exactly");
                within += double.IsNaN(x) || Math.Abs(x - y) <= tolerance ? 1 : 0;
                Assert.IsTrue(double.IsNaN(y) || (y >= original.Min && y <= original.Max), $"{original.Name}: decoded {y} outside the observed range");
            }

            Assert.IsGreaterThanOrEqualTo(0.99, within / (double)table.RowCount, $"{original.Name}: {within} of {table.RowCount} rows within 1 % of the range");
        }
    }

    [TestMethod]
    public void Layout_ReportsSpansThatTileTheWidth()
    {
        var table = Load("give_me_some_credit.csv.gz", "SeriousDlqin2yrs", "", "");
        var encoder = TableEncoder.Fit(table);
        int next = 0;
        foreach (var span in encoder.Spans)
        {
            Assert.AreEqual(next, span.Start);
            next += span.Length;
        }

        Assert.AreEqual(encoder.Width, next);
        var income = table.IndexOf("MonthlyIncome");
        Assert.IsTrue(encoder.Spans.Any(s => s.ColumnIndex == income && s.Role == SpanRole.Missing && s.Length == 2), "a column with missing cells gets a [present, missing] span");
        Assert.AreEqual(1, encoder.Spans.Count(s => s.Role == SpanRole.Category), "the label is the one discrete column");
        Assert.AreEqual(encoder.Spans.Count, encoder.ActivationSpans.Count);
    }

    [TestMethod]
    public void TransformAndFit_AreDeterministic_WithOneOrTwoThreads()
    {
        var table = Load("taiwan_default.csv.gz", "default payment next month", string.Join(";", SharedData.TaiwanDiscrete), "ID");
        float[] Run(int threads)
        {
            int previous = ComputeSettings.Threads;
            ComputeSettings.Threads = threads;
            try
            {
                var encoder = TableEncoder.Fit(table);
                return encoder.Transform(table, seed: 4).Span.ToArray();
            }
            finally
            {
                ComputeSettings.Threads = previous;
            }
        }

        CollectionAssert.AreEqual(Run(1), Run(2));
    }

    [TestMethod]
    public void SaveAndLoad_GiveTheSameEncoding()
    {
        var table = Load("adult.csv.gz", "income", "", "");
        var encoder = TableEncoder.Fit(table);
        using var stream = new MemoryStream();
        TableEncoderFormat.Write(encoder, stream);
        stream.Position = 0;
        var loaded = TableEncoderFormat.Read(stream, "memory");
        CollectionAssert.AreEqual(encoder.Transform(table, 2).Span.ToArray(), loaded.Transform(table, 2).Span.ToArray());
    }

    [TestMethod]
    public void Transform_UnseenCategoryOrMissingColumn_IsAClearError()
    {
        var fitted = new Table([CategoricalColumn.FromValues("c", ["a", "b"]), new NumericColumn("x", [1, 2])]);
        var encoder = TableEncoder.Fit(fitted);
        var unseen = new Table([CategoricalColumn.FromValues("c", ["a", "z"]), new NumericColumn("x", [1, 2])]);
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => encoder.Transform(unseen, 0)).Message, "'z'");
        var missing = new Table([CategoricalColumn.FromValues("c", ["a", "b"])]);
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => encoder.Transform(missing, 0)).Message, "no column 'x'");
    }

    [TestMethod]
    public void ConstantColumn_RoundTripsExactly()
    {
        var table = new Table([new NumericColumn("k", [3.5, 3.5, 3.5]), new NumericColumn("x", [1, 2, 3])]);
        var encoder = TableEncoder.Fit(table);
        var back = (NumericColumn)encoder.InverseTransform(encoder.Transform(table, 0)).Columns[0];
        CollectionAssert.AreEqual(new[] { 3.5, 3.5, 3.5 }, back.Values);
    }

    [TestMethod]
    public void MostLikelyForIntegers_TakesTheMostLikelyModeOnIntegerColumns_AndDrawsOnTheOthers()
    {
        // two overlapping bumps per column, so drawing and the most likely mode disagree on some rows
        var rng = new Random(7);
        double[] Bumps(Func<double, double> round) => [.. Enumerable.Range(0, 4000).Select(i =>
            round(i % 2 == 0 ? rng.NextDouble() * 40 : 25 + (rng.NextDouble() * 40)))];
        var table = new Table([new NumericColumn("count", Bumps(Math.Round)), new NumericColumn("amount", Bumps(v => v + 0.25))]);
        var encoder = TableEncoder.Fit(table);
        Assert.IsTrue(((ContinuousEncoder)encoder.Columns[0]).IsInteger);
        Assert.IsFalse(((ContinuousEncoder)encoder.Columns[1]).IsInteger);

        var drawn = encoder.Transform(table, 3, ModeSelection.Sample);
        var mostLikely = encoder.Transform(table, 3, ModeSelection.MostLikely);
        var mixed = encoder.Transform(table, 3, ModeSelection.MostLikelyForIntegers);
        int split = encoder.OffsetOf(1);
        float[] Slice(Matrix m, int from, int to) => [.. Enumerable.Range(0, m.Rows).SelectMany(r => m.Row(r)[from..to].ToArray())];

        CollectionAssert.AreNotEqual(Slice(drawn, 0, split), Slice(mostLikely, 0, split), "the data must make the two rules disagree");
        CollectionAssert.AreNotEqual(Slice(drawn, split, encoder.Width), Slice(mostLikely, split, encoder.Width), "the data must make the two rules disagree");
        CollectionAssert.AreEqual(Slice(mostLikely, 0, split), Slice(mixed, 0, split));
        CollectionAssert.AreEqual(Slice(drawn, split, encoder.Width), Slice(mixed, split, encoder.Width));
    }

    [TestMethod]
    public void ColumnRuleOptions_AreValidatedByTheLibrary_BeforeAnyFit()
    {
        var table = new Table([new NumericColumn("x", [1, 2, 3, 4])]);
        foreach (var (set, property) in new (Action<TableEncoderOptions>, string)[]
        {
            (o => o.PointMassShare = 1.5, "PointMassShare must be in [0, 1) (got 1.5)"),
            (o => o.LongTailRatio = double.NaN, "LongTailRatio must be a number of at least 0 (got NaN)"),
            (o => o.MaxCategories = -1, "MaxCategories must be at least 0 (got -1)"),
            (o => o.MaxModes = 0, "MaxModes must be at least 1 (got 0)"),
        })
        {
            var options = new TableEncoderOptions();
            set(options);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TableEncoder.Fit(table, options)).Message, property);
            var ctgan = new MLNet.Gan.Synthesizers.CtGanOptions { Epochs = 1 };
            set(ctgan.Encoder);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(ctgan.Validate).Message, property, "CtGanOptions.Validate checks its encoder's options");
            var tvae = new MLNet.Gan.Synthesizers.TvaeOptions { Epochs = 1 };
            set(tvae.Encoder);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MLNet.Gan.Synthesizers.Tvae(tvae).Fit(table)).Message, property);
        }
    }
}
