using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.IO;

namespace MLNet.Gan.Report;

/// <summary>
/// What every report page shares: the head (style and the inlined charting library, so the file opens
/// offline), sections of charts, and the script that renders them as SVG and records any failure on
/// the page (for people) and in <c>data-failures</c> and <c>data-marks</c> attributes (for the tests).
/// </summary>
internal static class ReportPage
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>Starts a page: doctype, title, style and the charting library.</summary>
    public static StringBuilder Begin(string title)
    {
        var html = new StringBuilder(1 << 20);
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{Encode(title)}</title>\n");
        html.Append("<style>\n").Append(Style).Append("</style>\n");
        foreach (var library in new[] { "vega.min.js", "vega-lite.min.js", "vega-embed.min.js" })
        {
            html.Append("<script>").Append(ChartingLibrary(library)).Append("</script>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"</head>\n<body>\n<h1>{Encode(title)}</h1>\n");
        return html;
    }

    /// <summary>Ends a page: the error list and the script that renders every chart.</summary>
    public static string End(StringBuilder html, List<(string Section, string Id, JsonObject Spec)> charts)
    {
        html.Append("<ul id=\"errors\"></ul>\n<script>\n").Append(Bootstrap.Replace("__SPECS__", SpecsJson(charts), StringComparison.Ordinal)).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes a page atomically (a temporary file, then a rename).</summary>
    public static void Write(string path, string html)
        => AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            writer.Write(html);
        });

    /// <summary>A heading, an optional note and the chart slots of one section (nothing when it has no charts).</summary>
    public static void Section(StringBuilder html, List<(string Section, string Id, JsonObject Spec)> charts, string section, string title, string? note)
    {
        if (!charts.Any(c => c.Section == section))
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(title)}</h2>\n");
        if (note is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{Encode(note)}</p>\n");
        }

        html.Append("<div class=\"grid\">\n");
        foreach (var (_, id, _) in charts.Where(c => c.Section == section))
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\" id=\"{id}\"></div>\n");
        }

        html.Append("</div>\n");
    }

    private static string SpecsJson(List<(string Section, string Id, JsonObject Spec)> charts)
    {
        var specs = new JsonObject();
        foreach (var (_, id, spec) in charts)
        {
            specs[id] = spec;
        }

        // The default encoder escapes <, > and & as \u003C…, so no "</script>" can end the block early.
        return specs.ToJsonString(Compact);
    }

    private static string ChartingLibrary(string name)
    {
        using var stream = typeof(AuditReport).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The report's charting library '{name}' is not embedded; rebuild MLNet.Gan.Report with npm available.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>HTML-encodes text.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px 32px; color: #222; }
        h1 { margin-bottom: 4px; } h2 { margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        .meta, .note { color: #555; }
        table.metrics { border-collapse: collapse; max-width: 1100px; }
        table.metrics th, table.metrics td { border-bottom: 1px solid #e4e4e4; padding: 6px 10px; text-align: left; vertical-align: top; }
        table.metrics td.num { font-variant-numeric: tabular-nums; text-align: right; font-weight: 600; white-space: nowrap; }
        code { color: #777; font-size: 12px; }
        .grid { display: flex; flex-wrap: wrap; gap: 12px 24px; }
        #errors { color: #b00; }

        """;

    // Renders every chart as SVG; records failures on the page and on the console, and marks each
    // chart with its number of drawn marks so that an empty chart can be detected.
    private const string Bootstrap = """
        const specs = __SPECS__;
        const failures = [];
        function fail(message) { failures.push(message); const li = document.createElement('li'); li.textContent = message; document.getElementById('errors').appendChild(li); console.error(message); }
        window.addEventListener('error', e => fail('error: ' + e.message));
        Promise.all(Object.entries(specs).map(([id, spec]) => {
          const element = document.getElementById(id);
          return vegaEmbed(element, spec, { actions: false, renderer: 'svg' }).then(() => {
            const marks = element.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect').length;
            element.dataset.marks = marks;
            if (marks === 0) { fail('chart ' + id + ' drew nothing'); }
          }).catch(e => fail('chart ' + id + ': ' + e));
        })).then(() => { document.body.dataset.charts = Object.keys(specs).length; document.body.dataset.failures = failures.length; });

        """;
}
