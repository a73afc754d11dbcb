using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MLNet.Gan.Backtesting;
using MLNet.Gan.Compute;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Tests.Sequences;

[TestClass]
public sealed class SeriesFilterTests
{
    [TestMethod]
    public void Stream_GivesTheBatchForwardOutputs_StepByStep()
    {
        var net = new TemporalConvNet(inputChannels: 3, hidden: 6, outputChannels: 2, layers: 4, slope: 0.2f, RandomStream.Create(1), "tcn");
        var x = new Matrix(40, 3);
        RandomStream.Create(2).FillNormal(x.Span);
        var batch = net.Forward(x, 1, training: false).Span.ToArray(); // rows 15 … 39 of the input
        var stream = new TemporalConvStream(net, 1);
        for (int t = 0; t < 40; t++)
        {
            var y = stream.Step(x.Row(t));
            Assert.AreEqual(t >= net.ReceptiveField - 1, stream.Ready);
            if (t >= net.ReceptiveField - 1)
            {
                int row = t - net.ReceptiveField + 1;
                for (int c = 0; c < 2; c++)
                {
                    Assert.AreEqual(batch[(row * 2) + c], y[c], 1e-5, $"step {t}, channel {c}");
                }
            }
        }
    }

    [TestMethod]
    public void GeneratedPath_FilteredFromItsStartingShocks_GivesBackItsShocks()
    {
        // a generator's path from known shocks, filtered from the same burn-in and warm-up, recovers every
        // shock Zₜ to float rounding, and its drift and volatility are the generator's
        var generator = new SequenceGenerator(0, [(0.12, 0.05)], hidden: 8, layers: 4, RandomStream.Create(3));
        const int Days = 300;
        int steps = Days + generator.ReceptiveField - 1;
        var path = generator.Forward(1, Days, RandomStream.Create(4), training: false).Span.ToArray();
        var replay = RandomStream.Create(4);
        var shocks = new float[steps];
        var burnIn = new float[InnovationMemory.BurnIn];
        replay.FillNormal(shocks);
        replay.FillNormal(burnIn);

        var filtered = new SeriesFilter(generator).Run(path, burnIn, shocks.AsSpan(0, generator.ReceptiveField - 1));
        Assert.AreEqual(Days, filtered.Shocks.Length);
        Assert.AreEqual(Days + 1, filtered.Drift.Length);
        double worst = 0;
        for (int t = 0; t < Days; t++)
        {
            worst = Math.Max(worst, Math.Abs(filtered.Shocks[t] - shocks[t + generator.ReceptiveField - 1]));
            double rebuilt = filtered.Drift[t] + (filtered.Volatility[t] * generator.Innovation((float)filtered.Shocks[t], 0));
            Assert.AreEqual(path[t], rebuilt, 1e-4 * (1 + Math.Abs(path[t])), $"day {t}");
        }

        Assert.IsLessThan(1e-3, worst, $"largest shock error {worst}");
    }

    [TestMethod]
    public void GeneratorWithFreshNoise_IsRefused_WithTheReason()
    {
        var generator = new SequenceGenerator(2, [(0.1, 0.1)], hidden: 4, layers: 2, RandomStream.Create(5));
        var e = Assert.ThrowsExactly<NotSupportedException>(() => new SeriesFilter(generator));
        StringAssert.Contains(e.Message, "fresh noise");
    }

    [TestMethod]
    public void InnovationTail_MatchesNumericalIntegration()
    {
        // q = W_δ(z_p) and E[W_δ(Z) | Z ≤ z_p] = (1/p)∫ W_δ(z)φ(z) dz over (−∞, z_p], integrated numerically
        foreach (var (delta, p) in new[] { (0.0, 0.01), (0.15, 0.01), (0.22, 0.025) })
        {
            var (q, es) = SeriesFilter.InnovationTail(delta, p);
            double z = Normal.InvCDF(0, 1, p);
            Assert.AreEqual(z * Math.Exp(delta * z * z / 2), q, 1e-12);
            double integral = Integrate.OnClosedInterval(u => u * Math.Exp(delta * u * u / 2) * Normal.PDF(0, 1, u), -40, z, 1e-12) / p;
            Assert.AreEqual(integral, es, 1e-8 * Math.Abs(integral), $"δ {delta}, p {p}");
            if (delta == 0)
            {
                Assert.AreEqual(-Normal.PDF(0, 1, z) / p, es, 1e-12, "the normal law's ES");
            }
        }

        double left = 0.2, right = 0.05;
        // W·φ and W²·φ with the exponents combined, so that neither overflows far in the tails
        static double Halves(Func<double, double> f) => Integrate.OnClosedInterval(f, -25, 0, 1e-12) + Integrate.OnClosedInterval(f, 0, 25, 1e-12);
        double mean = Halves(u => u * Math.Exp(((u < 0 ? left : right) - 1) * u * u / 2) / Math.Sqrt(2 * Math.PI));
        double square = Halves(u => u * u * Math.Exp(((u < 0 ? left : right) - 0.5) * u * u) / Math.Sqrt(2 * Math.PI));
        Assert.AreEqual(Math.Sqrt(square - (mean * mean)), SeriesFilter.InnovationDeviation(left, right), 1e-7);
    }

    [TestMethod]
    public void GanForecast_IsTheFilteredDayAheadLaw_InReturns()
    {
        // a small trained GAN: the forecast for day t is m + s·(μₜ + σₜ·W_δ(z_p)) from the filter, and a forecast
        // does not change when the days after it change (it reads each day only after forecasting it)
        var returns = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6)).Simulate(900, seed: 7);
        var model = new SeriesGan(new SeriesGanOptions { Steps = 4, BatchSize = 2, WindowLength = 64, Layers = 3, DiscriminatorLayers = 3, Hidden = 6, CheckpointPaths = 0 }).Fit(new ReturnSeries(["x"], [returns]));
        var forecast = RiskForecasters.SeriesGan(model, returns, 600, 0.01);
        var filtered = model.Filter(new ReturnSeries(["x"], [returns]));
        var t = model.Transforms[0];
        var (q, _) = SeriesFilter.InnovationTail(model.Generator.Tails(0).Left, 0.01);
        Assert.AreEqual(300, forecast.ValueAtRisk.Length);
        Assert.AreEqual(t.Mean + (t.Scale * (filtered.Drift[700] + (filtered.Volatility[700] * q))), forecast.ValueAtRisk[100], 1e-12);
        Assert.IsTrue(forecast.ExpectedShortfall.Zip(forecast.ValueAtRisk).All(x => x.First < x.Second), "ES lies below VaR");

        var changed = (double[])returns.Clone();
        for (int i = 701; i < changed.Length; i++)
        {
            changed[i] = -changed[i] * 3;
        }

        var again = RiskForecasters.SeriesGan(model, changed, 600, 0.01);
        CollectionAssert.AreEqual(forecast.ValueAtRisk[..102], again.ValueAtRisk[..102], "forecasts up to day 701 see only the days before them");
    }

    [TestMethod]
    public void GanFilteredHistoricalSimulation_IsTheEmpiricalTailOfTheLastWindowsInnovations_OnTheGansFilter()
    {
        // day t's VaR is m + s·(μₜ + σₜ·e₍ₖ₎), e the filtered innovations (xᵢ − μᵢ) ÷ σᵢ of days t − window … t − 1 and
        // k = ⌈p·window⌉; the ES the mean of the k smallest; a forecast does not change when later days change
        var returns = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6)).Simulate(900, seed: 7);
        var model = new SeriesGan(new SeriesGanOptions { Steps = 4, BatchSize = 2, WindowLength = 64, Layers = 3, DiscriminatorLayers = 3, Hidden = 6, CheckpointPaths = 0 }).Fit(new ReturnSeries(["x"], [returns]));
        const int Window = 200;
        var forecast = RiskForecasters.SeriesGanFilteredHistorical(model, returns, 600, 0.025, Window);
        var filtered = model.Filter(new ReturnSeries(["x"], [returns]));
        var t = model.Transforms[0];
        Assert.AreEqual(300, forecast.ValueAtRisk.Length);
        foreach (int day in new[] { 600, 700, 899 })
        {
            var innovations = Enumerable.Range(day - Window, Window)
                .Select(i => ((((returns[i] - t.Mean) / t.Scale) - filtered.Drift[i]) / filtered.Volatility[i])).Order().ToArray();
            Assert.AreEqual(t.Mean + (t.Scale * (filtered.Drift[day] + (filtered.Volatility[day] * innovations[4]))), forecast.ValueAtRisk[day - 600], 1e-12, $"day {day}: the 5th of 200");
            Assert.AreEqual(t.Mean + (t.Scale * (filtered.Drift[day] + (filtered.Volatility[day] * innovations[..5].Average()))), forecast.ExpectedShortfall[day - 600], 1e-12, $"day {day}");
        }

        var changed = (double[])returns.Clone();
        for (int i = 701; i < changed.Length; i++)
        {
            changed[i] = -changed[i] * 3;
        }

        var again = RiskForecasters.SeriesGanFilteredHistorical(model, changed, 600, 0.025, Window);
        CollectionAssert.AreEqual(forecast.ValueAtRisk[..102], again.ValueAtRisk[..102], "forecasts up to day 701 see only the days before them");
        Assert.AreNotEqual(forecast.ValueAtRisk[102], again.ValueAtRisk[102]);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RiskForecasters.SeriesGanFilteredHistorical(model, returns, 150, 0.025, Window), "a window longer than the history before the first day");
    }

    [TestMethod]
    public void GanRefittedEveryBlock_EachBlockIsItsOwnModelsForecast_FittedOnTheDaysBeforeIt()
    {
        // three blocks of 100 days from day 600: block k's model is fitted on days 1 … 600 + 100k only, and the
        // stitched forecast is, day by day, that model's forecast; a model that saw a block's days is refused
        var returns = GarchModel.FromParameters(new GarchParameters(2e-4, 2e-6, 0.08, 0.9, 6)).Simulate(900, seed: 7);
        var options = new SeriesGanOptions { Steps = 4, BatchSize = 2, WindowLength = 64, Layers = 3, DiscriminatorLayers = 3, Hidden = 6, CheckpointPaths = 0 };
        var starts = new List<int>();
        var models = RiskForecasters.SeriesGanRefits("x", returns, 600, 100, options, (block, start, model) => starts.Add(start));
        CollectionAssert.AreEqual(new[] { 600, 700, 800 }, starts);
        CollectionAssert.AreEqual(new[] { 600, 700, 800 }, models.Select(m => m.TrainingDays + m.ValidationDays).ToArray(), "each fitted on every day before its block");

        var stitched = RiskForecasters.SeriesGanRefitted(models, returns, 600, 0.01, 100);
        Assert.AreEqual(300, stitched.ValueAtRisk.Length);
        for (int k = 0; k < 3; k++)
        {
            var own = RiskForecasters.SeriesGan(models[k], returns, 600 + (100 * k), 0.01);
            CollectionAssert.AreEqual(own.ValueAtRisk[..100], stitched.ValueAtRisk[(100 * k)..(100 * (k + 1))], $"block {k}");
            CollectionAssert.AreEqual(own.ExpectedShortfall[..100], stitched.ExpectedShortfall[(100 * k)..(100 * (k + 1))], $"block {k}");
        }

        var empirical = RiskForecasters.SeriesGanRefitted(models, returns, 600, 0.01, 100, window: 200);
        for (int k = 0; k < 3; k++)
        {
            var own = RiskForecasters.SeriesGanFilteredHistorical(models[k], returns, 600 + (100 * k), 0.01, 200);
            CollectionAssert.AreEqual(own.ValueAtRisk[..100], empirical.ValueAtRisk[(100 * k)..(100 * (k + 1))], $"block {k}, the empirical tail on its filter");
        }

        Assert.AreNotEqual(models[0].Transforms[0], models[2].Transforms[0], "later blocks learn from more days");
        var leaked = RiskForecasters.SeriesGanRefits("x", returns, 700, 100, options);
        Assert.ThrowsExactly<ArgumentException>(() => RiskForecasters.SeriesGanRefitted([models[0], leaked[1], leaked[1]], returns, 600, 0.01, 100));
        Assert.ThrowsExactly<ArgumentException>(() => RiskForecasters.SeriesGanRefitted([.. models.Take(2)], returns, 600, 0.01, 100));
    }
}
