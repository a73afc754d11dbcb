using System.Text.Json.Nodes;
using MLNet.Gan.Sequences;

namespace MLNet.Gan.Backtesting;

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
/// <param name="Fz0">Mean FZ0 loss of the value-at-risk and expected shortfall.</param>
/// <param name="AgainstReference">Diebold-Mariano on the FZ0 losses against the reference forecaster (negative: this one's are lower); null for the reference itself.</param>
public sealed record ForecastBacktest(string Forecaster, double Level, int Days, int Exceedances, BacktestResult Kupiec, BacktestResult Independence,
    BacktestResult ConditionalCoverage, BacktestResult DynamicQuantile, TrafficLight? TrafficLight, double Pinball, double Fz0, BacktestResult? AgainstReference)
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
            ["fz0_loss"] = new JsonObject { ["mean"] = Fz0, ["source"] = ForecastLosses.Fz0Source },
            ["diebold_mariano_fz0_against_reference"] = AgainstReference is { } dm ? Test(dm) : null,
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
    /// <summary>Backtests every forecast (all made for the same days, at the same tail probability) against <paramref name="returns"/>.</summary>
    public static IReadOnlyList<ForecastBacktest> Run(IReadOnlyList<double> returns, IReadOnlyList<RiskForecast> forecasts)
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
            var fz0 = ForecastLosses.Fz0(test, f.ValueAtRisk, f.ExpectedShortfall, p);
            var against = reference is null ? null : ForecastLosses.DieboldMariano(fz0, reference);
            reference ??= fz0;
            results.Add(new ForecastBacktest(f.Name, 1 - p, test.Length, hits.Count(h => h),
                VarBacktests.Kupiec(hits, p), VarBacktests.ChristoffersenIndependence(hits), VarBacktests.ChristoffersenConditionalCoverage(hits, p),
                VarBacktests.DynamicQuantile(test, f.ValueAtRisk, p), test.Length >= 250 ? VarBacktests.BaselTrafficLight(hits, p) : null,
                ForecastLosses.Pinball(test, f.ValueAtRisk, p).Average(), fz0.Average(), against));
        }

        return results;
    }

    /// <summary>
    /// The desk's forecasters for the days <paramref name="from"/> … n − 1 at tail probability <paramref name="p"/>: GARCH(1,1)-t
    /// (the reference; fitted on the days before <paramref name="from"/>, or refitted on every day before it each
    /// <paramref name="refitEvery"/> days), EWMA (λ = 0.94), historical simulation and filtered historical
    /// simulation over <paramref name="window"/> days.
    /// </summary>
    public static IReadOnlyList<RiskForecast> DeskForecasts(IReadOnlyList<double> returns, int from, double p, int refitEvery = 0, int window = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(refitEvery);
        var model = GarchModel.Fit([.. returns.Take(from)]);
        return
        [
            refitEvery > 0 ? Refitted(returns, from, p, refitEvery) : RiskForecasters.Garch(model, returns, from, p),
            RiskForecasters.Ewma(returns, from, p),
            RiskForecasters.HistoricalSimulation(returns, from, p, window),
            RiskForecasters.FilteredHistoricalSimulation(model, returns, from, p, window),
        ];
    }

    /// <summary>GARCH(1,1)-t refitted every <paramref name="every"/> days on all the days before the block it forecasts.</summary>
    private static RiskForecast Refitted(IReadOnlyList<double> returns, int from, double p, int every)
    {
        int n = returns.Count - from;
        var (var, es, sigma) = (new double[n], new double[n], new double[n]);
        for (int start = from; start < returns.Count; start += every)
        {
            var model = GarchModel.Fit([.. returns.Take(start)]);
            var block = RiskForecasters.Garch(model, returns, start, p);
            int count = Math.Min(every, returns.Count - start);
            Array.Copy(block.ValueAtRisk, 0, var, start - from, count);
            Array.Copy(block.ExpectedShortfall, 0, es, start - from, count);
            Array.Copy(block.Volatility, 0, sigma, start - from, count);
        }

        return new RiskForecast($"GARCH(1,1)-t, refitted every {every} days", p, from, var, es, sigma);
    }
}
