using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Encoding;

[TestClass]
public sealed class PointMassTests
{
    /// <summary>
    /// A utilisation-like column: 20 % exactly 0.9999999 (a cap), 10 % exactly 0, the rest spread
    /// over (0, 1.2); and a count with a sentinel code 98 in 2 % of the rows.
    /// </summary>
    private static Table Data(int rows = 5000)
    {
        var rng = RandomStream.Create(1, 1);
        var utilisation = new double[rows];
        var count = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double u = rng.NextDouble();
            utilisation[r] = u < 0.2 ? 0.9999999 : u < 0.3 ? 0 : 0.05 + (1.1 * rng.NextDouble());
            count[r] = r % 50 == 0 ? 98 : Math.Floor(-Math.Log(1 - rng.NextDouble()) * 1.5);
        }

        return new Table([new NumericColumn("utilisation", utilisation), new NumericColumn("count", count)]);
    }

    [TestMethod]
    public void Find_TakesSpikes_NotTheTopOfASmoothHump()
    {
        var table = Data();
        CollectionAssert.AreEqual(new[] { 0, 0.9999999 }, PointMass.Find(((NumericColumn)table["utilisation"]).Values, 0.01, 3, 10));
        var masses = PointMass.Find(((NumericColumn)table["count"]).Values, 0.01, 3, 10);
        CollectionAssert.Contains(masses, 98.0, "a sentinel code far from its neighbours");
        CollectionAssert.Contains(masses, 0.0, "zero inflation at the edge");

        // a smooth hump of ages: the commonest age is not a spike
        var rng = RandomStream.Create(5, 5);
        var ages = Enumerable.Range(0, 10_000).Select(_ => 40.0 + Math.Round(8 * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5))).ToArray();
        Assert.IsEmpty(PointMass.Find(ages, 0.01, 3, 10));
        Assert.IsEmpty(PointMass.Find(((NumericColumn)table["utilisation"]).Values, 0, 3, 10), "share 0 turns them off");
    }

    [TestMethod]
    public void Levels_FewValuedOrManyRowsPerValueDecimals_AreAllPointMasses_CountsAndContinuaAreNot()
    {
        // bank marketing's shape: a rate with 5 levels; a daily rate with 40 levels of 125 rows each
        // (more than 32 values, but at least 100 rows per value); a count with 5 values; a continuum
        const int Rows = 5000;
        var rng = RandomStream.Create(3, 3);
        double[] rates = [1.1, 1.4, -0.1, -1.8, -2.9];
        var rate = new double[Rows];
        var daily = new double[Rows];
        var count = new double[Rows];
        var spread = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            rate[r] = rates[rng.NextInt(rates.Length)];
            daily[r] = 0.634 + (0.117 * (r % 40));
            count[r] = rng.NextInt(5);
            spread[r] = rng.NextDouble() * 3;
        }

        var table = new Table([new NumericColumn("rate", rate), new NumericColumn("daily", daily), new NumericColumn("count", count), new NumericColumn("spread", spread)]);
        var encoder = TableEncoder.Fit(table, new TableEncoderOptions { Seed = 1 });
        var columns = encoder.Columns.Cast<ContinuousEncoder>().ToArray();
        CollectionAssert.AreEqual(rates.Order().ToArray(), columns[0].PointMasses.ToArray());
        Assert.AreEqual(0, columns[0].Modes.Count, "no Gaussian mode between the levels");
        Assert.HasCount(40, columns[1].PointMasses);
        Assert.IsEmpty(columns[2].PointMasses, "an integer column keeps its modes");
        Assert.IsEmpty(columns[3].PointMasses);

        // whatever a generator writes, the levels come back as levels
        var noise = new Matrix(2000, encoder.Width);
        RandomStream.Create(4, 4).FillNormal(noise.Span);
        var decoded = encoder.InverseTransform(noise);
        var rateSet = rates.ToHashSet();
        var dailySet = daily.ToHashSet();
        Assert.IsTrue(((NumericColumn)decoded["rate"]).Values.All(rateSet.Contains));
        Assert.IsTrue(((NumericColumn)decoded["daily"]).Values.All(dailySet.Contains));

        var off = TableEncoder.Fit(table, new TableEncoderOptions { Seed = 1, LevelsUpTo = 0 });
        Assert.IsFalse(((ContinuousEncoder)off.Columns[0]).PointMasses.SequenceEqual(rates.Order()), "0 turns the rule off");
    }

    [TestMethod]
    public void RoundTrip_PointMassesExact_IntegersStayIntegers_BoundsHold()
    {
        var table = Data();
        var encoder = TableEncoder.Fit(table, new TableEncoderOptions { Seed = 2 });
        var utilisation = (ContinuousEncoder)encoder.Columns[0];
        CollectionAssert.AreEqual(new[] { 0, 0.9999999 }, utilisation.PointMasses.ToArray());
        var decoded = encoder.InverseTransform(encoder.Transform(table, seed: 3, ModeSelection.MostLikely));
        var before = ((NumericColumn)table["utilisation"]).Values;
        var after = ((NumericColumn)decoded["utilisation"]).Values;
        for (int r = 0; r < before.Length; r++)
        {
            if (before[r] is 0 or 0.9999999)
            {
                Assert.AreEqual(before[r], after[r], $"row {r}: a point mass comes back exactly");
            }
        }

        // decoding arbitrary generator output: spikes at their exact value, integers whole, within [min, max]
        var random = new Matrix(2000, encoder.Width);
        var rng = RandomStream.Create(4, 4);
        for (int i = 0; i < random.Data.Length; i++)
        {
            random.Data[i] = (float)((2 * rng.NextDouble()) - 1);
        }

        var generated = encoder.InverseTransform(random);
        var u = ((NumericColumn)generated["utilisation"]).Values;
        var c = ((NumericColumn)generated["count"]).Values;
        Assert.IsTrue(u.Count(v => v == 0.9999999) > 0 && u.Count(v => v == 0) > 0, "spikes are generated at their exact values");
        Assert.IsTrue(u.All(v => v is >= 0 and <= 1.15), "within the column's range");
        Assert.IsTrue(c.All(v => v == Math.Floor(v) && v is >= 0 and <= 98), "counts stay whole and within range");
        Assert.IsTrue(c.Count(v => v == 98) > 0);
    }

    [TestMethod]
    public void HandSetPointMasses_OverrideTheRule_AndSurviveSaveAndLoad()
    {
        var table = Data();
        var options = new TableEncoderOptions { PointMasses = new Dictionary<string, IReadOnlyList<double>> { ["utilisation"] = [], ["count"] = [98] } };
        var encoder = TableEncoder.Fit(table, options);
        Assert.IsEmpty(((ContinuousEncoder)encoder.Columns[0]).PointMasses);
        CollectionAssert.AreEqual(new[] { 98.0 }, ((ContinuousEncoder)encoder.Columns[1]).PointMasses.ToArray());

        var fitted = TableEncoder.Fit(table);
        using var stream = new MemoryStream();
        TableEncoderFormat.Write(fitted, stream);
        stream.Position = 0;
        var loaded = TableEncoderFormat.Read(stream, "memory");
        CollectionAssert.AreEqual(((ContinuousEncoder)fitted.Columns[1]).PointMasses.ToArray(), ((ContinuousEncoder)loaded.Columns[1]).PointMasses.ToArray());
        Assert.AreEqual(fitted.Width, loaded.Width);
    }

    [TestMethod]
    public void SharedCodes_AreLinked_AndGeneratedRowsKeepTheLink()
    {
        // three past-due counts that are all 98 on the same 3 % of rows; a fourth count with 98 on other rows
        var rng = RandomStream.Create(8, 8);
        int rows = 3000;
        var cols = new double[4][];
        for (int c = 0; c < 4; c++)
        {
            cols[c] = new double[rows];
        }

        for (int r = 0; r < rows; r++)
        {
            bool code = r % 33 == 0;
            for (int c = 0; c < 3; c++)
            {
                cols[c][r] = code ? 98 : Math.Floor(-Math.Log(1 - rng.NextDouble()) * (c + 1));
            }

            cols[3][r] = r % 33 == 5 ? 98 : Math.Floor(-Math.Log(1 - rng.NextDouble()));
        }

        var table = new Table([new NumericColumn("late30", cols[0]), new NumericColumn("late60", cols[1]), new NumericColumn("late90", cols[2]), new NumericColumn("other", cols[3])]);
        var encoder = TableEncoder.Fit(table);
        var link = encoder.Links.Single();
        Assert.AreEqual(98, link.Value);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, link.Columns.ToArray(), "the fourth column's 98s are on other rows");
        StringAssert.Contains(encoder.DescribeRules().First(), "late30, late60, late90: 98 occurs on the same rows");
        Assert.IsEmpty(TableEncoder.Fit(table, new TableEncoderOptions { LinkPointMasses = false }).Links, "overridable");

        using var stream = new MemoryStream();
        TableEncoderFormat.Write(encoder, stream);
        stream.Position = 0;
        var loaded = TableEncoderFormat.Read(stream, "memory").Links.Single();
        Assert.AreEqual(98, loaded.Value);
        CollectionAssert.AreEqual(link.Columns.ToArray(), loaded.Columns.ToArray());

        // a barely trained model mixes the code up freely; the rows it returns never break the link
        var model = new MLNet.Gan.Synthesizers.Tvae(new MLNet.Gan.Synthesizers.TvaeOptions { Epochs = 2, Seed = 1 }).Fit(table);
        var sample = model.Sample(2000, seed: 2);
        var late = new[] { "late30", "late60", "late90" }.Select(n => ((NumericColumn)sample[n]).Values).ToArray();
        int withCode = 0;
        for (int r = 0; r < sample.RowCount; r++)
        {
            int count = late.Count(v => v[r] == 98);
            Assert.IsTrue(count is 0 or 3, $"row {r}: 98 in {count} of the 3 linked columns");
            withCode += count == 3 ? 1 : 0;
        }

        Assert.IsGreaterThan(0, withCode, "the code itself is still generated");
    }

    [TestMethod]
    public void Identifiers_AreNotModelled_AndComeBackAsFreshUniqueIds()
    {
        var rng = RandomStream.Create(6, 6);
        var index = Enumerable.Range(0, 5000).Select(i => (double)(i * 7)).ToArray();
        rng.Shuffle(index.AsSpan());
        var seconds = Enumerable.Range(0, 300).Select(i => (double)(i * 13 % 997)).ToArray();
        var table = new Table([new NumericColumn("Unnamed: 0", index[..300]), new NumericColumn("Time", seconds), new NumericColumn("x", [.. Enumerable.Range(0, 300).Select(i => rng.NextDouble())])]);
        var encoder = TableEncoder.Fit(table);
        Assert.IsInstanceOfType<IdentifierEncoder>(encoder.Columns[0], "a shuffled saved row index");
        Assert.IsInstanceOfType<ContinuousEncoder>(encoder.Columns[1], "300 distinct measured integers are not an identifier by chance");
        Assert.AreEqual(0, encoder.Columns[0].Width);
        StringAssert.Contains(encoder.DescribeRules().Single(), "Unnamed: 0: an identifier");

        var ids = ((NumericColumn)encoder.InverseTransform(encoder.Transform(table, seed: 1))["Unnamed: 0"]).Values;
        double max = index[..300].Max();
        Assert.IsTrue(ids.All(v => v > max) && ids.Distinct().Count() == ids.Length, "fresh, unique, none a training id");

        using var stream = new MemoryStream();
        TableEncoderFormat.Write(encoder, stream);
        stream.Position = 0;
        Assert.IsInstanceOfType<IdentifierEncoder>(TableEncoderFormat.Read(stream, "memory").Columns[0]);
        Assert.IsInstanceOfType<ContinuousEncoder>(TableEncoder.Fit(table, new TableEncoderOptions { DetectIdentifiers = false }).Columns[0], "overridable");
    }
}
