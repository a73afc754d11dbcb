using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Sequences;

[TestClass]
public sealed class ReturnSeriesTests
{
    private static string Csv(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-series-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static ReturnSeries Read(string text, SeriesReadOptions options)
    {
        string path = Csv(text);
        try
        {
            return ReturnSeries.Read(path, options);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Prices_BecomeLogReturns_InDayOrder()
    {
        var series = Read("day,A,B\n3,121,8\n1,100,2\n2,110,4\n", new SeriesReadOptions { Prices = true, MinimumLength = 2 });
        CollectionAssert.AreEqual(new[] { "A", "B" }, series.Assets.ToArray());
        Assert.AreEqual(Math.Log(1.1), series.Returns[0][0], 1e-12);
        Assert.AreEqual(Math.Log(1.1), series.Returns[0][1], 1e-12);
        Assert.AreEqual(Math.Log(2), series.Returns[1][1], 1e-12);
    }

    [TestMethod]
    [DataRow("day,A\n1,100\n2,\n3,102\n", true, "line 3, column 'A': the cell is empty: a gap")]
    [DataRow("day,A\n1,100\n2,-5\n3,102\n", true, "line 3, column 'A': price -5 is not positive")]
    [DataRow("day,A\n1,100\n2,abc\n3,102\n", true, "line 3, column 'A': 'abc' is not a number")]
    [DataRow("day,A\n1,100\n1,101\n3,102\n", true, "line 3, column 'day': '1' appears twice")]
    [DataRow("day,A\n1,0.01\n2,0.02\n3,0.03\n", false, "the series has 3 returns; at least 250")]
    public void BadInput_IsALocatedError(string text, bool prices, string expected)
    {
        var error = Assert.ThrowsExactly<DataFormatException>(() => Read(text, new SeriesReadOptions { Prices = prices, MinimumLength = prices ? 2 : 250 }));
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void StylizedFacts_HaveTheirKnownValues()
    {
        // alternating ±1: lag-1 autocorrelation (n − 1)/n · −1, |r| constant; quantiles of R's type 7
        var alternating = Enumerable.Range(0, 400).Select(t => t % 2 == 0 ? 1.0 : -1.0).ToArray();
        var acf = StylizedFacts.Autocorrelations(alternating, 3);
        Assert.AreEqual(-399.0 / 400, acf[0], 1e-12);
        Assert.AreEqual(398.0 / 400, acf[1], 1e-12);
        Assert.AreEqual(2.5, StylizedFacts.Quantile([1.0, 2, 3, 4], 0.5), 1e-12);
        Assert.AreEqual(1.03, StylizedFacts.Quantile([1.0, 2, 3, 4], 0.01), 1e-12);

        // Gaussian noise: kurtosis ≈ 3, no autocorrelation, VaR ≈ 2.326 σ (1 day) and 2.326 √10 σ (10 days)
        var rng = RandomStream.Create(7);
        var gaussian = Enumerable.Range(0, 200_000).Select(_ => 0.01 * rng.NextNormal()).ToArray();
        var facts = StylizedFacts.Of(gaussian);
        Assert.AreEqual(3, facts.Kurtosis, 0.05);
        Assert.AreEqual(0, facts.ReturnAutocorrelation[0], 0.01);
        Assert.AreEqual(0, facts.AbsoluteAutocorrelation[9], 0.01);
        Assert.AreEqual(0, facts.Leverage, 0.01);
        Assert.AreEqual(0.02326, facts.ValueAtRisk1Day, 0.0005);
        Assert.AreEqual(0.02326 * Math.Sqrt(10), facts.ValueAtRisk10Day, 0.002);
    }

    [TestMethod]
    public void Evaluation_OfTheRealSeriesAgainstItself_HasNoDistance_AndGarchCccKeepsCorrelations()
    {
        var eu = ReturnSeries.Read(SharedData.File("eu_stock_markets_1991_1998.csv.gz"), new SeriesReadOptions { Prices = true });
        Assert.AreEqual(1859, eu.Length);
        var self = SeriesEvaluation.Run(eu, [eu]);
        Assert.IsTrue(self.Rows().All(r => r.Distance < 1e-12));
        Assert.AreEqual(0.734, self.RealCorrelations[0, 2], 0.005, "DAX–CAC as anchors.md gives it");

        var garch = GarchSeriesModel.Fit(eu);
        var paths = Enumerable.Range(0, 5).Select(k => garch.Generate(eu.Length, k)).ToList();
        var evaluation = SeriesEvaluation.Run(eu, paths);
        // constant conditional correlations keep the residuals' correlation; the returns' is a little lower
        // in the paths (0.04–0.07 here), since CCC cannot make the assets' volatilities move together
        foreach (var row in evaluation.Rows().Where(r => r.Fact == "correlation"))
        {
            Assert.AreEqual(row.Real - 0.05, row.Generated, 0.03, $"{row.Asset}");
        }

        var json = evaluation.ToJson();
        Assert.AreEqual(5, json["paths"]!.GetValue<int>());
        Assert.AreEqual(StylizedFacts.MaxLag, json["assets"]![0]!["real"]!["acf_absolute"]!.AsArray().Count);
    }
}
