using System.Text.Json.Nodes;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Report;

/// <summary>
/// The report's Vega-Lite specifications. Data are summarised here (histogram bins, category shares,
/// correlations) so that a report of a large table stays small.
/// </summary>
internal static class ReportCharts
{
    /// <summary>Columns drawn as distributions at most (the metric table covers every column).</summary>
    public const int MaxDistributionCharts = 60;

    /// <summary>Numeric columns in the correlation matrices at most.</summary>
    public const int MaxMatrixColumns = 40;

    private const int HistogramBins = 30;
    private const int MaxCategories = 25;
    private const string RealColor = "#4c78a8";
    private const string SyntheticColor = "#f58518";

    /// <summary>Real vs synthetic distribution of one column: overlaid histograms or grouped bars.</summary>
    public static JsonObject Distribution(Column real, Column synthetic, ColumnScore? score)
    {
        string subtitle = score is null ? "" : $"{(score.Metric == "ks_complement" ? "KS" : "TV")} complement {score.Score:0.000}";
        return real is NumericColumn rn ? Histogram(rn, (NumericColumn)synthetic, subtitle) : CategoryBars((CategoricalColumn)real, (CategoricalColumn)synthetic, subtitle);
    }

    /// <summary>A correlation heatmap (Pearson) of real, synthetic, or their difference.</summary>
    public static JsonObject CorrelationMatrix(string title, IReadOnlyList<string> names, double[,] values, bool difference)
    {
        var rows = new JsonArray();
        for (int i = 0; i < names.Count; i++)
        {
            for (int j = 0; j < names.Count; j++)
            {
                if (double.IsFinite(values[i, j]))
                {
                    rows.Add(new JsonObject { ["a"] = names[i], ["b"] = names[j], ["value"] = Math.Round(values[i, j], 4) });
                }
            }
        }

        var order = new JsonArray([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]);
        return new JsonObject
        {
            ["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json",
            ["title"] = title,
            ["width"] = 14 * names.Count + 40,
            ["height"] = 14 * names.Count + 40,
            ["data"] = new JsonObject { ["values"] = rows },
            ["mark"] = "rect",
            ["encoding"] = new JsonObject
            {
                ["x"] = new JsonObject { ["field"] = "a", ["type"] = "nominal", ["sort"] = order, ["title"] = null },
                ["y"] = new JsonObject { ["field"] = "b", ["type"] = "nominal", ["sort"] = order.DeepClone(), ["title"] = null },
                ["color"] = new JsonObject
                {
                    ["field"] = "value",
                    ["type"] = "quantitative",
                    ["title"] = difference ? "ρ synthetic − ρ real" : "ρ",
                    ["scale"] = new JsonObject { ["scheme"] = "redblue", ["domain"] = new JsonArray(-1, 1), ["reverse"] = true },
                },
                ["tooltip"] = new JsonArray(Field("a", "nominal"), Field("b", "nominal"), Field("value", "quantitative")),
            },
        };
    }

    /// <summary>Loss per epoch of the model that made the synthetic data.</summary>
    public static JsonObject LossCurves(IReadOnlyList<EpochLoss> history, string? synthesizer)
    {
        bool hasCritic = history.Any(h => h.CriticLoss != 0);
        string first = hasCritic ? "generator" : "loss (reconstruction + KL)";
        var rows = new JsonArray();
        foreach (var h in history)
        {
            rows.Add(new JsonObject { ["epoch"] = h.Epoch, ["series"] = first, ["loss"] = h.GeneratorLoss });
            if (hasCritic)
            {
                rows.Add(new JsonObject { ["epoch"] = h.Epoch, ["series"] = "critic", ["loss"] = h.CriticLoss });
            }
        }

        return new JsonObject
        {
            ["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json",
            ["title"] = $"Training loss per epoch{(synthesizer is null ? "" : $" ({synthesizer})")}",
            ["width"] = 640,
            ["height"] = 260,
            ["data"] = new JsonObject { ["values"] = rows },
            ["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 1.5 },
            ["encoding"] = new JsonObject
            {
                ["x"] = new JsonObject { ["field"] = "epoch", ["type"] = "quantitative" },
                ["y"] = new JsonObject { ["field"] = "loss", ["type"] = "quantitative" },
                ["color"] = new JsonObject { ["field"] = "series", ["type"] = "nominal", ["title"] = null },
            },
        };
    }

    private static JsonObject Histogram(NumericColumn real, NumericColumn synthetic, string subtitle)
    {
        // The range is the real data's 0.5–99.5 % quantiles, so that a few huge values do not squash
        // the chart into one bar; values beyond it are counted in the end bins.
        var present = real.Values.Where(v => !double.IsNaN(v)).Order().ToArray();
        double lo = present.Length == 0 ? 0 : present[(int)(0.005 * (present.Length - 1))];
        double hi = present.Length == 0 ? 1 : present[(int)Math.Ceiling(0.995 * (present.Length - 1))];
        if (hi <= lo)
        {
            (lo, hi) = (lo - 0.5, hi + 0.5);
        }

        double width = (hi - lo) / HistogramBins;
        var rows = new JsonArray();
        foreach (var (source, column) in new[] { ("real", real), ("synthetic", synthetic) })
        {
            var counts = new int[HistogramBins];
            int n = 0;
            foreach (double v in column.Values)
            {
                if (!double.IsNaN(v))
                {
                    counts[Math.Clamp((int)Math.Floor((v - lo) / width), 0, HistogramBins - 1)]++;
                    n++;
                }
            }

            for (int b = 0; b < HistogramBins; b++)
            {
                rows.Add(new JsonObject { ["source"] = source, ["from"] = lo + (b * width), ["to"] = lo + ((b + 1) * width), ["share"] = n == 0 ? 0 : Math.Round(counts[b] / (double)n, 5) });
            }
        }

        string missing = real.MissingCount + synthetic.MissingCount == 0 ? ""
            : $"; missing: real {100.0 * real.MissingCount / Math.Max(1, real.Length):0.0} %, synthetic {100.0 * synthetic.MissingCount / Math.Max(1, synthetic.Length):0.0} %";
        var spec = Base(real.Name, subtitle + missing, rows);
        spec["mark"] = new JsonObject { ["type"] = "bar", ["opacity"] = 0.55, ["binSpacing"] = 0 };
        spec["encoding"] = new JsonObject
        {
            ["x"] = new JsonObject { ["field"] = "from", ["type"] = "quantitative", ["title"] = $"{real.Name} (real 0.5–99.5 % range)" },
            ["x2"] = new JsonObject { ["field"] = "to" },
            ["y"] = new JsonObject { ["field"] = "share", ["type"] = "quantitative", ["stack"] = null, ["title"] = "share of rows", ["scale"] = new JsonObject { ["zero"] = true } },
            ["y2"] = new JsonObject { ["datum"] = 0 },
            ["color"] = SourceColor(),
            ["tooltip"] = new JsonArray(Field("source", "nominal"), Field("from", "quantitative"), Field("to", "quantitative"), Field("share", "quantitative")),
        };
        return spec;
    }

    private static JsonObject CategoryBars(CategoricalColumn real, CategoricalColumn synthetic, string subtitle)
    {
        var realShares = Fidelity.Frequencies(real);
        var syntheticShares = Fidelity.Frequencies(synthetic);
        var top = realShares.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxCategories).Select(kv => kv.Key).ToList();
        var rows = new JsonArray();
        foreach (var (source, shares) in new[] { ("real", realShares), ("synthetic", syntheticShares) })
        {
            foreach (var category in top)
            {
                rows.Add(new JsonObject { ["source"] = source, ["category"] = category, ["share"] = Math.Round(shares.GetValueOrDefault(category), 5) });
            }

            double other = shares.Where(kv => !top.Contains(kv.Key)).Sum(kv => kv.Value);
            if (other > 0)
            {
                rows.Add(new JsonObject { ["source"] = source, ["category"] = "(other)", ["share"] = Math.Round(other, 5) });
            }
        }

        var spec = Base(real.Name, subtitle, rows);
        spec["mark"] = "bar";
        spec["encoding"] = new JsonObject
        {
            ["x"] = new JsonObject { ["field"] = "category", ["type"] = "nominal", ["sort"] = null, ["title"] = real.Name },
            ["xOffset"] = new JsonObject { ["field"] = "source" },
            ["y"] = new JsonObject { ["field"] = "share", ["type"] = "quantitative", ["title"] = "share of rows" },
            ["color"] = SourceColor(),
            ["tooltip"] = new JsonArray(Field("source", "nominal"), Field("category", "nominal"), Field("share", "quantitative")),
        };
        return spec;
    }

    private static JsonObject Base(string title, string subtitle, JsonArray rows) => new()
    {
        ["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json",
        ["title"] = new JsonObject { ["text"] = title, ["subtitle"] = subtitle },
        ["width"] = 300,
        ["height"] = 160,
        ["data"] = new JsonObject { ["values"] = rows },
    };

    private static JsonObject SourceColor() => new()
    {
        ["field"] = "source",
        ["type"] = "nominal",
        ["title"] = null,
        ["scale"] = new JsonObject { ["domain"] = new JsonArray("real", "synthetic"), ["range"] = new JsonArray(RealColor, SyntheticColor) },
    };

    private static JsonObject Field(string name, string type) => new() { ["field"] = name, ["type"] = type };
}
