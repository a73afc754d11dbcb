using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Encoding;

[TestClass]
public sealed class ConditionSamplerTests
{
    private static (TableEncoder Encoder, Table Table, ConditionSampler Sampler) Build()
    {
        // Column "a": 900 × p, 90 × q, 10 × r; column "b": 500 × s, 500 × t; one numeric column between.
        var a = Enumerable.Range(0, 1000).Select(i => i < 900 ? "p" : i < 990 ? "q" : "r").ToArray();
        var b = Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? "s" : "t").ToArray();
        var x = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        var table = new Table([CategoricalColumn.FromValues("a", a), new NumericColumn("x", x), CategoricalColumn.FromValues("b", b)]);
        var encoder = TableEncoder.Fit(table);
        return (encoder, table, new ConditionSampler(encoder, table));
    }

    [TestMethod]
    public void Training_DrawsColumnsUniformlyAndCategoriesByLogFrequency()
    {
        var (_, _, sampler) = Build();
        Assert.AreEqual(5, sampler.ConditionWidth);
        int n = 60_000;
        var column = new int[n];
        var category = new int[n];
        var condition = new Matrix(n, sampler.ConditionWidth);
        sampler.SampleForTraining(RandomStream.Create(1), column, category, condition);
        Assert.AreEqual(0.5, column.Count(c => c == 0) / (double)n, 0.01);
        double z = Math.Log(901) + Math.Log(91) + Math.Log(11);
        int aRows = column.Count(c => c == 0);
        Assert.AreEqual(Math.Log(11) / z, Enumerable.Range(0, n).Count(i => column[i] == 0 && category[i] == 2) / (double)aRows, 0.01);
        for (int i = 0; i < 100; i++)
        {
            Assert.AreEqual(1f, condition.Row(i).ToArray().Sum());
            Assert.AreEqual(1f, condition[i, (column[i] == 0 ? 0 : 3) + category[i]]);
        }
    }

    [TestMethod]
    public void RealRowLookup_ReturnsRowsWithThatCategory()
    {
        var (_, table, sampler) = Build();
        var rng = RandomStream.Create(2);
        var a = (CategoricalColumn)table["a"];
        for (int i = 0; i < 200; i++)
        {
            Assert.AreEqual("r", a.Format(sampler.SampleRealRow(0, 2, rng)));
        }
    }

    [TestMethod]
    public void UserCondition_OnASecondDiscreteColumn_SetsThatColumnsOneHot()
    {
        var (_, _, sampler) = Build();
        var condition = new Matrix(7, sampler.ConditionWidth);
        sampler.FillUserCondition("b", "t", condition);
        for (int r = 0; r < 7; r++)
        {
            CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0, 1 }, condition.Row(r).ToArray());
        }

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => sampler.FillUserCondition("b", "zzz", condition)).Message, "s, t");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => sampler.FillUserCondition("x", "1", condition)).Message, "not a discrete column");
    }

    [TestMethod]
    public void Generation_FollowsTheDataFrequencies()
    {
        var (_, _, sampler) = Build();
        var condition = new Matrix(40_000, sampler.ConditionWidth);
        sampler.SampleForGeneration(RandomStream.Create(3), condition);
        int aRows = 0, p = 0;
        for (int r = 0; r < condition.Rows; r++)
        {
            if (condition[r, 0] + condition[r, 1] + condition[r, 2] == 1f)
            {
                aRows++;
                p += condition[r, 0] == 1f ? 1 : 0;
            }
        }

        Assert.AreEqual(0.9, p / (double)aRows, 0.01);
    }
}
