using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Encoding;

/// <summary>High-cardinality categorical columns: the most frequent categories kept, the rest pooled and drawn back by frequency.</summary>
[TestClass]
public sealed class CategoryPoolingTests
{
    /// <summary>A merchant column: m0 … m9 common (5 % each), 2,000 rare merchants sharing the other half; and a small column.</summary>
    private static Table Data(int rows = 20_000)
    {
        var rng = RandomStream.Create(31, 1);
        var merchant = new string[rows];
        var channel = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            merchant[r] = rng.NextDouble() < 0.5 ? $"m{rng.NextInt(10)}" : $"rare{rng.NextInt(2000)}";
            channel[r] = rng.NextDouble() < 0.3 ? "web" : "pos";
        }

        return new Table([CategoricalColumn.FromValues("merchant", merchant), CategoricalColumn.FromValues("channel", channel)]);
    }

    [TestMethod]
    public void ManyCategories_KeepTheMostFrequent_PoolTheRest()
    {
        var table = Data();
        var encoder = TableEncoder.Fit(table, new TableEncoderOptions { MaxCategories = 10 });
        var merchant = (DiscreteEncoder)encoder.Columns[0];
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 10).Select(i => $"m{i}").ToArray(), merchant.Categories.ToArray());
        Assert.AreEqual(11, merchant.Width, "ten kept and one pool");
        Assert.IsTrue(merchant.IsPooled("rare5"));
        Assert.IsFalse(merchant.IsPooled("m3"));
        Assert.AreEqual(2, encoder.Columns[1].Width, "a small column is left as it is");
        StringAssert.Contains(encoder.DescribeRules().Single(), "merchant:");
        Assert.AreEqual(table.RowCount, merchant.PooledCounts.Sum() + ((CategoricalColumn)table["merchant"]).Codes.Count(c => !merchant.IsPooled(((CategoricalColumn)table["merchant"]).Categories[c])));

        // kept categories round-trip exactly; pooled ones come back as pooled categories, by frequency
        var decoded = (CategoricalColumn)encoder.InverseTransform(encoder.Transform(table, seed: 1), null, true, RandomStream.Create(2, 2))["merchant"];
        var before = (CategoricalColumn)table["merchant"];
        int rareBack = 0;
        for (int r = 0; r < table.RowCount; r++)
        {
            string was = before.Categories[before.Codes[r]], now = decoded.Categories[decoded.Codes[r]];
            if (was.StartsWith('m'))
            {
                Assert.AreEqual(was, now, $"row {r}");
            }
            else
            {
                Assert.IsTrue(merchant.IsPooled(now), $"row {r}: a pooled row gets a pooled category");
                rareBack += now == "rare7" ? 1 : 0;
            }
        }

        int rare7 = before.Codes.Count(c => before.Categories[c] == "rare7");
        Assert.AreEqual(rare7, rareBack, 4 * Math.Sqrt(rare7) + 1, "drawn by frequency");
        Assert.AreEqual(0, TableEncoder.Fit(table, new TableEncoderOptions { MaxCategories = 0 }).DescribeRules().Count(), "0 keeps every category");
    }

    [TestMethod]
    public void Pooling_SurvivesSaveAndLoad_AndConditioningOnAPooledValueIsAClearError()
    {
        var table = Data(5000);
        var encoder = TableEncoder.Fit(table, new TableEncoderOptions { MaxCategories = 10 });
        using var stream = new MemoryStream();
        TableEncoderFormat.Write(encoder, stream);
        stream.Position = 0;
        var loaded = (DiscreteEncoder)TableEncoderFormat.Read(stream, "memory").Columns[0];
        var original = (DiscreteEncoder)encoder.Columns[0];
        CollectionAssert.AreEqual(original.Pooled.ToArray(), loaded.Pooled.ToArray());
        CollectionAssert.AreEqual(original.PooledCounts.ToArray(), loaded.PooledCounts.ToArray());

        var sampler = new ConditionSampler(encoder, table);
        Assert.AreEqual(11 + 2, sampler.ConditionWidth);
        Assert.AreEqual(0, sampler.Resolve("merchant", "m0").Column);
        var error = Assert.ThrowsExactly<ArgumentException>(() => sampler.Resolve("merchant", original.Pooled[0]));
        StringAssert.Contains(error.Message, "pooled");
    }

    [TestMethod]
    public void Sampling_IsReproducible_WithPooledCategories()
    {
        var table = Data(3000);
        var options = new TvaeOptions { Epochs = 1, Seed = 3 };
        options.Encoder.MaxCategories = 10;
        var model = new Tvae(options).Fit(table);
        var a = (CategoricalColumn)model.Sample(500, seed: 9)["merchant"];
        var b = (CategoricalColumn)model.Sample(500, seed: 9)["merchant"];
        CollectionAssert.AreEqual(a.Codes.Select(c => a.Categories[c]).ToArray(), b.Codes.Select(c => b.Categories[c]).ToArray());
        Assert.IsTrue(a.Codes.Any(c => a.Categories[c].StartsWith("rare", StringComparison.Ordinal)), "pooled categories are generated");
    }
}
