using System.Text.Json.Nodes;

namespace MLNet.Gan.Backtesting;

/// <summary>
/// One-day-ahead risk forecasts for the days <c>From</c> … n − 1 of a return series, each made from the
/// returns before its day only: the lower-tail return quantile (value-at-risk), the expected return
/// below it (expected shortfall) and the forecast volatility, at tail probability <c>P</c>.
/// </summary>
/// <param name="Name">The forecaster.</param>
/// <param name="P">The tail probability (1 − level).</param>
/// <param name="From">The first forecast day (0-based, in the series).</param>
/// <param name="ValueAtRisk">The return quantile of each forecast day.</param>
/// <param name="ExpectedShortfall">The expected return below it.</param>
/// <param name="Volatility">The forecast standard deviation (for historical simulation, that of its window).</param>
/// <param name="Probability">The probability each day's forecast gave a return at most the realized one, Fₜ(rₜ) (for the expected-shortfall backtests); null when not known.</param>
public sealed record RiskForecast(string Name, double P, int From, double[] ValueAtRisk, double[] ExpectedShortfall, double[] Volatility, double[]? Probability = null);

/// <summary>One forecaster's backtest at one level on the test days.</summary>
/// <param name="Forecaster">The forecaster's name.</param>
/// <param name="Level">The confidence level (0.99: the 1 % tail).</param>
/// <param name="Days">Test days.</param>
/// <param name="Exceedances">Days whose return fell below the value-at-risk.</param>
/// <param name="Kupiec">Kupiec's proportion of failures.</param>
/// <param name="Independence">Christoffersen's independence test.</param>
/// <param name="ConditionalCoverage">Christoffersen's conditional coverage.</param>
/// <param name="DynamicQuantile">Engle and Manganelli's dynamic quantile test (4 lags).</param>
/// <param name="TrafficLight">The Basel traffic light over every 250-day window, or null with fewer test days.</param>
/// <param name="Pinball">Mean quantile loss of the value-at-risk.</param>
/// <param name="Fz0">Mean FZ0 loss of the value-at-risk and expected shortfall; NaN when some day's expected shortfall was not below 0 and the value-at-risk (FZ0 is undefined there).</param>
/// <param name="AgainstReference">Diebold-Mariano on the FZ0 losses against the reference forecaster (negative: this one's are lower); null for the reference itself.</param>
/// <param name="AcerbiSzekely">Acerbi and Székely's Z2 statistic of the expected shortfall.</param>
/// <param name="ShortfallUnconditional">Du and Escanciano's unconditional expected-shortfall backtest; null without forecast probabilities.</param>
/// <param name="ShortfallConditional">Du and Escanciano's conditional expected-shortfall backtest (5 lags); null without forecast probabilities.</param>
public sealed record ForecastBacktest(string Forecaster, double Level, int Days, int Exceedances, BacktestResult Kupiec, BacktestResult Independence,
    BacktestResult ConditionalCoverage, BacktestResult DynamicQuantile, TrafficLight? TrafficLight, double Pinball, double Fz0, BacktestResult? AgainstReference,
    BacktestResult AcerbiSzekely, BacktestResult? ShortfallUnconditional, BacktestResult? ShortfallConditional)
{
    /// <summary>Exceedances expected of a correct forecast: (1 − level) × days.</summary>
    public double ExpectedExceedances => (1 - Level) * Days;

    /// <summary>The backtest as JSON: every statistic with its p-value and source.</summary>
    public JsonObject ToJson()
    {
        static JsonObject Test(BacktestResult r) => new() { ["statistic"] = Finite(r.Statistic), ["p_value"] = Finite(r.PValue), ["degrees_of_freedom"] = r.DegreesOfFreedom, ["source"] = r.Source };
        return new JsonObject
        {
            ["forecaster"] = Forecaster,
            ["level"] = Level,
            ["days"] = Days,
            ["exceedances"] = Exceedances,
            ["expected_exceedances"] = ExpectedExceedances,
            ["kupiec"] = Test(Kupiec),
            ["christoffersen_independence"] = Test(Independence),
            ["christoffersen_conditional_coverage"] = Test(ConditionalCoverage),
            ["dynamic_quantile"] = Test(DynamicQuantile),
            ["traffic_light"] = TrafficLight is { } light ? new JsonObject
            {
                ["window"] = light.Window, ["green"] = light.Green, ["yellow"] = light.Yellow, ["red"] = light.Red,
                ["whole_period"] = light.Whole.ToString().ToLowerInvariant(), ["source"] = VarBacktests.TrafficLightSource,
            } : null,
            ["pinball_loss"] = new JsonObject { ["mean"] = Pinball, ["source"] = ForecastLosses.PinballSource },
            ["fz0_loss"] = new JsonObject { ["mean"] = Finite(Fz0), ["source"] = ForecastLosses.Fz0Source },
            ["diebold_mariano_fz0_against_reference"] = AgainstReference is { } dm ? Test(dm) : null,
            ["acerbi_szekely_z2"] = Test(AcerbiSzekely),
            ["du_escanciano_unconditional"] = ShortfallUnconditional is { } u ? Test(u) : null,
            ["du_escanciano_conditional"] = ShortfallConditional is { } c ? Test(c) : null,
        };
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>
/// Backtests one-day-ahead value-at-risk and expected-shortfall forecasts of several forecasters on the
/// same days: every test of <see cref="VarBacktests"/>, the losses of <see cref="ForecastLosses"/>, and
/// each forecaster's FZ0 losses against the first one's (the reference).
/// </summary>
public static class RiskBacktest
{
    /// <summary>
    /// Backtests every forecast (all made for the same days, at the same tail probability) against <paramref name="returns"/>.
    /// <paramref name="trafficLight"/>: whether to count the Basel traffic light's 250-day windows (defined for daily
    /// forecasts; a backtest of multi-day blocks passes false).
    /// </summary>
    public static IReadOnlyList<ForecastBacktest> Run(IReadOnlyList<double> returns, IReadOnlyList<RiskForecast> forecasts, bool trafficLight = true)
    {
        ArgumentNullException.ThrowIfNull(returns);
        if (forecasts is null || forecasts.Count == 0)
        {
            throw new ArgumentException("A backtest needs at least one forecaster.", nameof(forecasts));
        }

        var first = forecasts[0];
        if (forecasts.Any(f => f.From != first.From || f.P != first.P || f.ValueAtRisk.Length != first.ValueAtRisk.Length))
        {
            throw new ArgumentException("Every forecaster must forecast the same days at the same level.", nameof(forecasts));
        }

        double[] test = [.. returns.Skip(first.From).Take(first.ValueAtRisk.Length)];
        double p = first.P;
        double[]? reference = null;
        var results = new List<ForecastBacktest>();
        foreach (var f in forecasts)
        {
            var hits = VarBacktests.Exceedances(test, f.ValueAtRisk);

            // FZ0 is defined for expected shortfalls below 0 and the value-at-risk; a forecast that is not a
            // loss on some day (a poorly trained model's) gets no FZ0 and no Diebold-Mariano test
            var fz0 = ForecastLosses.Fz0Defined(f.ValueAtRisk, f.ExpectedShortfall) ? ForecastLosses.Fz0(test, f.ValueAtRisk, f.ExpectedShortfall, p) : null;
            var against = fz0 is null || reference is null || results.Count == 0 ? null : ForecastLosses.DieboldMariano(fz0, reference);
            if (results.Count == 0)
            {
                reference = fz0;
            }

            results.Add(new ForecastBacktest(f.Name, 1 - p, test.Length, hits.Count(h => h),
                VarBacktests.Kupiec(hits, p), VarBacktests.ChristoffersenIndependence(hits), VarBacktests.ChristoffersenConditionalCoverage(hits, p),
                VarBacktests.DynamicQuantile(test, f.ValueAtRisk, p), trafficLight && test.Length >= 250 ? VarBacktests.BaselTrafficLight(hits, p) : null,
                ForecastLosses.Pinball(test, f.ValueAtRisk, p).Average(), fz0?.Average() ?? double.NaN, against,
                ShortfallBacktests.AcerbiSzekely(test, f.ValueAtRisk, f.ExpectedShortfall, p),
                f.Probability is { } u ? ShortfallBacktests.DuEscancianoUnconditional(u, p) : null,
                f.Probability is { } c ? ShortfallBacktests.DuEscancianoConditional(c, p) : null));
        }

        return results;
    }
}
