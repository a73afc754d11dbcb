using MLNet.Gan.Backtesting;
using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Tests.Sequences;

/// <summary>Multi-day forecasts: the blocks, the GAN's paths simulated from a filtered state, and GARCH's simulation against its closed form.</summary>
[TestClass]
public sealed class HorizonForecasterTests
{
    [TestMethod]
    public void Blocks_AreWholeNonOverlappingSums_FromTheStart()
    {
        double[] returns = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var blocks = HorizonBlocks.Of(returns, from: 2, horizon: 3);
        CollectionAssert.AreEqual(new[] { 2, 5 }, blocks.Origins);
        CollectionAssert.AreEqual(new[] { 3.0 + 4 + 5, 6.0 + 7 + 8 }, blocks.Realized, "the partial block 9–10 is dropped");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => HorizonBlocks.Of(returns, from: 8, horizon: 3));
    }

    [TestMethod]
    public void SimulatedPaths_FilteredAfterTheirOrigin_GiveBackTheirDrawnShocks()
    {
        // each path simulated from day t's state continues the history as generation would: filtering the
        // history up to t followed by the path recovers, day by day, the standard normal draws that made it
        var generator = new SequenceGenerator(0, [(0.12, 0.05)], hidden: 8, layers: 4, RandomStream.Create(3));
        var history = generator.Forward(1, 200, RandomStream.Create(4), training: false).Span.ToArray();
        const int Horizon = 3, Paths = 2;
        int[] origins = [60, 150];
        var request = new ScenarioRequest(origins, Horizon, Paths, 1, RandomStream.Create(9));
        var filtered = new SeriesFilter(generator).Run(history, scenarios: request);
        CollectionAssert.AreEqual(new SeriesFilter(generator).Run(history).Shocks, filtered.Shocks, "simulating does not disturb the filter");

        var draws = RandomStream.Create(9);
        for (int o = 0; o < origins.Length; o++)
        {
            var z = new float[Horizon, Paths];
            for (int s = 0; s < Horizon; s++)
            {
                for (int b = 0; b < Paths; b++)
                {
                    z[s, b] = draws.NextNormal();
                }
            }

            for (int b = 0; b < Paths; b++)
            {
                var path = request.Values.AsSpan(((o * Paths) + b) * Horizon, Horizon);
                float[] continued = [.. history.AsSpan(0, origins[o]), .. path];
                var refiltered = new SeriesFilter(generator).Run(continued);
                for (int s = 0; s < Horizon; s++)
                {
                    Assert.AreEqual(z[s, b], refiltered.Shocks[origins[o] + s], 1e-3, $"origin {origins[o]}, path {b}, day {s}");
                }
            }
        }
    }

    [TestMethod]
    public void GarchOneDaySimulation_AgreesWithItsClosedForm()
    {
        // one-day blocks simulated from the filtered σ equal the Student-t quantile and shortfall to sampling error
        var model = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6));
        var returns = model.Simulate(1200, seed: 1);
        var blocks = HorizonBlocks.Of(returns, from: 1000, horizon: 1);
        var simulated = HorizonForecasters.Garch(model, returns, blocks, [0.025], paths: 40_000, seed: 2)[0];
        var exact = RiskForecasters.Garch(model, returns, 1000, 0.025);
        for (int i = 0; i < 200; i += 37)
        {
            Assert.AreEqual(exact.ValueAtRisk[i], simulated.ValueAtRisk[i], 0.03 * Math.Abs(exact.ValueAtRisk[i]), $"VaR, block {i}");
            Assert.AreEqual(exact.ExpectedShortfall[i], simulated.ExpectedShortfall[i], 0.04 * Math.Abs(exact.ExpectedShortfall[i]), $"ES, block {i}");
            Assert.AreEqual(exact.Volatility[i], simulated.Volatility[i], 0.03 * exact.Volatility[i], $"σ, block {i}");
        }

        // ten days spread wider than one: the square-root-of-time rule holds roughly for a persistent GARCH
        var tenDays = HorizonForecasters.Garch(model, returns, HorizonBlocks.Of(returns, 1000, 10), [0.025], paths: 4000, seed: 2)[0];
        Assert.AreEqual(Math.Sqrt(10), tenDays.Volatility[0] / exact.Volatility[0], 0.6);
    }

    [TestMethod]
    public void TooFewPaths_ForTheTail_AreRefused()
    {
        var model = GarchModel.FromParameters(new GarchParameters(0, 2e-6, 0.08, 0.9, 6));
        var returns = model.Simulate(300, seed: 1);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => HorizonForecasters.Garch(model, returns, HorizonBlocks.Of(returns, 100, 10), [0.01], paths: 50, seed: 0));
        StringAssert.Contains(e.Message, "at least 100");
    }
}
