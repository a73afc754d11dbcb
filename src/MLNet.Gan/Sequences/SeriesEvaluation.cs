using System.Text.Json.Nodes;

namespace MLNet.Gan.Sequences;

/// <summary>One stylized fact of one asset: the real series' value and the generated paths' mean.</summary>
/// <param name="Asset">The asset.</param>
/// <param name="Fact">What is measured ("kurtosis", "acf |r| lag 10" …).</param>
/// <param name="Real">The real series' value.</param>
/// <param name="Generated">The mean over generated paths.</param>
public sealed record FactRow(string Asset, string Fact, double Real, double Generated)
{
    /// <summary>|generated − real|.</summary>
    public double Distance => Math.Abs(Generated - Real);
}

/// <summary>
/// Generated return paths against the real series: every stylized fact of every asset (the mean over
/// paths), autocorrelation curves to lag 250, quantiles for a QQ-plot, a log-scale histogram and, for
/// several assets, the cross-correlations.
/// </summary>
public sealed class SeriesEvaluation
{
    /// <summary>The <see cref="FactRow.Fact"/> of a same-day correlation between two assets.</summary>
    public const string CorrelationFact = "correlation";

    /// <summary>The <see cref="FactRow.Fact"/> of the Ljung–Box statistic of returns over lags 1 … 20.</summary>
    public const string LjungBoxFact = "Ljung-Box Q(20) of r";

    /// <summary>The quantile levels of the QQ-plot.</summary>
    public static readonly double[] QqLevels = [.. Enumerable.Range(1, 199).Select(i => i / 200.0), 0.001, 0.999, 0.0001, 0.9999];

    private SeriesEvaluation(ReturnSeries real, IReadOnlyList<ReturnSeries> paths)
    {
        Real = real;
        Paths = paths;
        RealFacts = [.. real.Returns.Select(r => StylizedFacts.Of(r))];
        GeneratedFacts = [.. Enumerable.Range(0, real.Assets.Count).Select(a => Mean([.. paths.Select(p => StylizedFacts.Of(p.Returns[a]))]))];
        RealCorrelations = StylizedFacts.CrossCorrelations(real);
        int n = real.Assets.Count;
        GeneratedCorrelations = new double[n, n];
        foreach (var path in paths)
        {
            var c = StylizedFacts.CrossCorrelations(path);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    GeneratedCorrelations[i, j] += c[i, j] / paths.Count;
                }
            }
        }
    }

    /// <summary>The real series.</summary>
    public ReturnSeries Real { get; }

    /// <summary>The generated paths (each with the real series' assets).</summary>
    public IReadOnlyList<ReturnSeries> Paths { get; }

    /// <summary>Each asset's facts in the real series.</summary>
    public IReadOnlyList<SeriesFacts> RealFacts { get; }

    /// <summary>Each asset's facts, averaged over the paths.</summary>
    public IReadOnlyList<SeriesFacts> GeneratedFacts { get; }

    /// <summary>Same-day correlations of the real assets.</summary>
    public double[,] RealCorrelations { get; }

    /// <summary>Same-day correlations of the generated assets, averaged over paths.</summary>
    public double[,] GeneratedCorrelations { get; }

    /// <summary>Evaluates <paramref name="paths"/> against <paramref name="real"/> (the same assets, in the same order).</summary>
    public static SeriesEvaluation Run(ReturnSeries real, IReadOnlyList<ReturnSeries> paths)
    {
        if (paths.Count == 0)
        {
            throw new ArgumentException("At least one generated path is needed.");
        }

        foreach (var p in paths)
        {
            if (!p.Assets.SequenceEqual(real.Assets))
            {
                throw new ArgumentException($"Generated assets ({string.Join(", ", p.Assets)}) differ from the real ones ({string.Join(", ", real.Assets)}).");
            }
        }

        return new SeriesEvaluation(real, paths);
    }

    /// <summary>The stylized-facts table: per asset, kurtosis, autocorrelations, leverage, quantiles and value-at-risk.</summary>
    public IReadOnlyList<FactRow> Rows()
    {
        var rows = new List<FactRow>();
        for (int a = 0; a < Real.Assets.Count; a++)
        {
            var (r, g, name) = (RealFacts[a], GeneratedFacts[a], Real.Assets[a]);
            rows.Add(new FactRow(name, "kurtosis", r.Kurtosis, g.Kurtosis));
            rows.Add(new FactRow(name, "acf r lag 1", r.ReturnAutocorrelation[0], g.ReturnAutocorrelation[0]));
            foreach (int lag in new[] { 1, 10, 50, 100 })
            {
                rows.Add(new FactRow(name, $"acf |r| lag {lag}", r.AbsoluteAutocorrelation[lag - 1], g.AbsoluteAutocorrelation[lag - 1]));
            }

            rows.Add(new FactRow(name, "leverage corr(r_t, |r_t+1|)", r.Leverage, g.Leverage));
            rows.Add(new FactRow(name, "quantile 1 %", r.Quantile01, g.Quantile01));
            rows.Add(new FactRow(name, "quantile 99 %", r.Quantile99, g.Quantile99));
            rows.Add(new FactRow(name, "VaR 99 % 1 day", r.ValueAtRisk1Day, g.ValueAtRisk1Day));
            rows.Add(new FactRow(name, "VaR 99 % 10 days", r.ValueAtRisk10Day, g.ValueAtRisk10Day));
            rows.Add(new FactRow(name, LjungBoxFact, r.LjungBox, g.LjungBox));
        }

        for (int i = 0; i < Real.Assets.Count; i++)
        {
            for (int j = i + 1; j < Real.Assets.Count; j++)
            {
                rows.Add(new FactRow($"{Real.Assets[i]}–{Real.Assets[j]}", CorrelationFact, RealCorrelations[i, j], GeneratedCorrelations[i, j]));
            }
        }

        return rows;
    }

    /// <summary>
    /// The lag among 1 … 20 where the paths' mean autocorrelation of returns is furthest from the real
    /// one: a mean reversion or momentum the real series does not have is a strategy's profit.
    /// </summary>
    public (int Lag, double Real, double Generated) LargestReturnAutocorrelationGap(int asset)
    {
        var (real, generated) = (RealFacts[asset].ReturnAutocorrelation, GeneratedFacts[asset].ReturnAutocorrelation);
        int worst = Enumerable.Range(0, StylizedFacts.LjungBoxLags).MaxBy(k => Math.Abs(generated[k] - real[k]));
        return (worst + 1, real[worst], generated[worst]);
    }

    /// <summary>QQ-plot points of one asset: real quantiles against the pooled generated paths' quantiles at <see cref="QqLevels"/>.</summary>
    public (double Level, double Real, double Generated)[] QuantilePairs(int asset)
    {
        var real = (double[])Real.Returns[asset].Clone();
        Array.Sort(real);
        var generated = Paths.SelectMany(p => p.Returns[asset]).ToArray();
        Array.Sort(generated);
        return [.. QqLevels.Order().Select(l => (l, StylizedFacts.SortedQuantile(real, l), StylizedFacts.SortedQuantile(generated, l)))];
    }

    /// <summary>Everything as JSON: rows, ACF curves, QQ points, correlations.</summary>
    public JsonObject ToJson()
    {
        var assets = new JsonArray();
        for (int a = 0; a < Real.Assets.Count; a++)
        {
            assets.Add(new JsonObject
            {
                ["asset"] = Real.Assets[a],
                ["real"] = Facts(RealFacts[a]),
                ["generated_mean"] = Facts(GeneratedFacts[a]),
                ["qq"] = new JsonArray([.. QuantilePairs(a).Select(q => (JsonNode)new JsonObject { ["level"] = q.Level, ["real"] = q.Real, ["generated"] = q.Generated })]),
            });
        }

        return new JsonObject
        {
            ["real_days"] = Real.Length,
            ["paths"] = Paths.Count,
            ["path_days"] = Paths[0].Length,
            ["rows"] = new JsonArray([.. Rows().Select(r => (JsonNode)new JsonObject { ["asset"] = r.Asset, ["fact"] = r.Fact, ["real"] = r.Real, ["generated"] = r.Generated, ["distance"] = r.Distance })]),
            ["assets"] = assets,
        };
    }

    private static JsonObject Facts(SeriesFacts f) => new()
    {
        ["kurtosis"] = f.Kurtosis,
        ["leverage"] = f.Leverage,
        ["quantile_01"] = f.Quantile01,
        ["quantile_99"] = f.Quantile99,
        ["var99_1day"] = f.ValueAtRisk1Day,
        ["var99_10day"] = f.ValueAtRisk10Day,
        ["ljung_box_20"] = f.LjungBox,
        ["acf_returns"] = new JsonArray([.. f.ReturnAutocorrelation.Select(v => (JsonNode)v)]),
        ["acf_absolute"] = new JsonArray([.. f.AbsoluteAutocorrelation.Select(v => (JsonNode)v)]),
    };

    private static SeriesFacts Mean(IReadOnlyList<SeriesFacts> facts)
    {
        double[] MeanArray(Func<SeriesFacts, double[]> pick) => [.. Enumerable.Range(0, pick(facts[0]).Length).Select(i => facts.Average(f => pick(f)[i]))];
        return new SeriesFacts(
            facts.Average(f => f.Kurtosis),
            MeanArray(f => f.ReturnAutocorrelation),
            MeanArray(f => f.AbsoluteAutocorrelation),
            facts.Average(f => f.Leverage),
            facts.Average(f => f.Quantile01),
            facts.Average(f => f.Quantile99),
            facts.Average(f => f.ValueAtRisk1Day),
            facts.Average(f => f.ValueAtRisk10Day),
            facts.Average(f => f.LjungBox));
    }
}
