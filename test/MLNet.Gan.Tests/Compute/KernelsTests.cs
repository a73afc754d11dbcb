using MLNet.Gan.Compute;

namespace MLNet.Gan.Tests.Compute;

[TestClass]
public sealed class KernelsTests
{
    [TestMethod]
    public void Softmax_SumsToOne_AndMatchesDefinition()
    {
        float[] x = [1f, 2f, -3f, 1000f, 999f];
        var y = (float[])x.Clone();
        Kernels.Softmax(y, temperature: 2f);
        double z = x.Sum(v => Math.Exp((v - 1000.0) / 2));
        for (int i = 0; i < x.Length; i++)
        {
            Assert.AreEqual(Math.Exp((x[i] - 1000.0) / 2) / z, y[i], 1e-6);
        }

        Assert.AreEqual(1.0, y.Sum(), 1e-6);
    }

    [TestMethod]
    public void LogSumExp_IsStableForLargeValues()
    {
        Assert.AreEqual(1000 + Math.Log(1 + Math.Exp(-1)), Kernels.LogSumExp([1000f, 999f]), 1e-3);
        Assert.AreEqual(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), Kernels.LogSumExp([1f, 2f, 3f]), 1e-6);
    }

    [TestMethod]
    public void ColumnAndRowSums_MatchLoops()
    {
        var rng = RandomStream.Create(1);
        int rows = 37, cols = 41;
        var x = GemmTests.Random(rng, rows * cols);
        var colSums = new float[cols];
        var rowSums = new float[rows];
        Kernels.ColumnSums(x, rows, colSums);
        Kernels.RowSums(x, cols, rowSums);
        for (int c = 0; c < cols; c++)
        {
            double s = 0;
            for (int r = 0; r < rows; r++)
            {
                s += x[(r * cols) + c];
            }

            Assert.AreEqual(s, colSums[c], 1e-5);
        }

        for (int r = 0; r < rows; r++)
        {
            Assert.AreEqual(x.Skip(r * cols).Take(cols).Sum(), rowSums[r], 1e-5);
        }

        Kernels.ColumnSums(x, rows, colSums, accumulate: true);
        Assert.AreEqual(2 * Enumerable.Range(0, rows).Sum(r => x[r * cols]), colSums[0], 1e-4);
    }

    [TestMethod]
    public void AllFinite_DetectsNaNAndInfinity()
    {
        Assert.IsTrue(Kernels.AllFinite([1f, -2f]));
        Assert.IsFalse(Kernels.AllFinite([1f, float.NaN]));
        Assert.IsFalse(Kernels.AllFinite([float.NegativeInfinity]));
    }

    [TestMethod]
    public void Matrix_SetRows_ReusesBufferWithinCapacity()
    {
        var m = new Matrix(10, 3);
        var data = m.Data;
        m.SetRows(4);
        Assert.AreSame(data, m.Data);
        Assert.AreEqual(12, m.Span.Length);
        m.SetRows(11);
        Assert.AreNotSame(data, m.Data);
        Assert.AreEqual(11, m.Rows);
    }
}
