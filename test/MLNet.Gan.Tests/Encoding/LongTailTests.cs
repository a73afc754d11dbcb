using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Encoding;

/// <summary>The long-tail rule (log scale), decoding into range without piling onto a bound, and TVAE's drawn one-hots.</summary>
[TestClass]
public sealed class LongTailTests
{
    /// <summary>A debt-ratio-like column: 90 % a body in (0, 1.3), 10 % a tail of amounts up to ~10⁴; and ages.</summary>
    private static Table Data(int rows = 5000)
    {
        var rng = RandomStream.Create(11, 1);
        var ratio = new double[rows];
        var age = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            ratio[r] = rng.NextDouble() < 0.9 ? 1.3 * rng.NextDouble() : Math.Exp(3 + (6 * rng.NextDouble()));
            age[r] = Math.Round(21 + (60 * rng.NextDouble()));
        }

        return new Table([new NumericColumn("ratio", ratio), new NumericColumn("age", age)]);
    }

    [TestMethod]
    public void Rule_TakesALongTail_NotABody()
    {
        var table = Data();
        var ratio = ((NumericColumn)table["ratio"]).Values;
        Assert.IsTrue(TableEncoder.HasLongTail(ratio, 20));
        Assert.IsFalse(TableEncoder.HasLongTail(((NumericColumn)table["age"]).Values, 20));
        Assert.IsFalse(TableEncoder.HasLongTail(ratio, 0), "ratio 0 turns the rule off");
        Assert.IsFalse(TableEncoder.HasLongTail([5, 5, 5, 5, 5, 900], 20), "no spread in the body: nothing to keep apart");

        var encoder = TableEncoder.Fit(table);
        Assert.IsTrue(((ContinuousEncoder)encoder.Columns[0]).LogScale);
        Assert.IsFalse(((ContinuousEncoder)encoder.Columns[1]).LogScale);
        StringAssert.Contains(encoder.DescribeRules().Single(), "ratio: a long tail");

        var forced = TableEncoder.Fit(table, new TableEncoderOptions { LogScale = new Dictionary<string, bool> { ["ratio"] = false, ["age"] = true } });
        Assert.IsFalse(((ContinuousEncoder)forced.Columns[0]).LogScale, "overridable off");
        Assert.IsTrue(((ContinuousEncoder)forced.Columns[1]).LogScale, "overridable on");
    }

    [TestMethod]
    public void LogScale_RoundTrips_KeepsTheBodyApart_AndSurvivesSaveAndLoad()
    {
        var table = Data();
        var encoder = TableEncoder.Fit(table, new TableEncoderOptions { Seed = 3 });
        var column = (ContinuousEncoder)encoder.Columns[0];

        // the body gets modes of its own: no mode that holds body values is wider than the body
        var before = ((NumericColumn)table["ratio"]).Values;
        var encoded = encoder.Transform(table, seed: 4, ModeSelection.MostLikely);
        var after = ((NumericColumn)encoder.InverseTransform(encoded)["ratio"]).Values;
        for (int r = 0; r < before.Length; r++)
        {
            Assert.AreEqual(before[r], after[r], 1e-6 * (1 + before[r]), $"row {r}: the value comes back");
        }

        Assert.AreEqual(Math.Log(1 + (2.5 - column.Min)), column.ToModelScale(2.5), 1e-12);
        Assert.AreEqual(2.5, column.FromModelScale(column.ToModelScale(2.5)), 1e-12);

        using var stream = new MemoryStream();
        TableEncoderFormat.Write(encoder, stream);
        stream.Position = 0;
        var loaded = TableEncoderFormat.Read(stream, "memory");
        Assert.IsTrue(((ContinuousEncoder)loaded.Columns[0]).LogScale);
        Assert.IsFalse(((ContinuousEncoder)loaded.Columns[1]).LogScale);
        CollectionAssert.AreEqual(after, ((NumericColumn)loaded.InverseTransform(encoded)["ratio"]).Values);
    }

    [TestMethod]
    public void Decoding_ReflectsAtTheBounds_InsteadOfPilingOntoThem()
    {
        // a column on (0, 1] with no value at its minimum: generator output that overshoots a mode
        // must not become a spike at exactly the minimum
        var rng = RandomStream.Create(12, 1);
        var values = Enumerable.Range(0, 3000).Select(_ => 0.001 + rng.NextDouble()).ToArray();
        var table = new Table([new NumericColumn("share", values)]);
        var encoder = TableEncoder.Fit(table, new TableEncoderOptions { PointMassShare = 0, LongTailRatio = 0 });
        var random = new Matrix(4000, encoder.Width);
        for (int i = 0; i < random.Data.Length; i++)
        {
            random.Data[i] = (float)((2.4 * rng.NextDouble()) - 1.2);
        }

        var decoded = ((NumericColumn)encoder.InverseTransform(random)["share"]).Values;
        double min = values.Min(), max = values.Max();
        Assert.IsTrue(decoded.All(v => v >= min && v <= max), "within the observed range");
        Assert.IsLessThan(0.005, decoded.Count(v => v == min) / (double)decoded.Length, "no spike at the lower bound");
        Assert.IsLessThan(0.005, decoded.Count(v => v == max) / (double)decoded.Length, "no spike at the upper bound");
    }

    [TestMethod]
    public void TvaeOneHots_AreDrawnFromTheSoftmax_NotTheArgmax()
    {
        // logits (0, ln 3): probabilities 1/4 and 3/4; the argmax would give the second every time
        var rng = RandomStream.Create(13, 1);
        int first = 0, draws = 100_000;
        Span<float> logits = stackalloc float[2];
        for (int i = 0; i < draws; i++)
        {
            logits[0] = 0;
            logits[1] = MathF.Log(3);
            TvaeNetwork.DrawOneHot(logits, rng.NextDouble());
            Assert.AreEqual(1f, logits[0] + logits[1], "one-hot");
            first += logits[0] == 1f ? 1 : 0;
        }

        Assert.AreEqual(0.25, first / (double)draws, 0.005);
    }
}
