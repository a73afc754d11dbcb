using System.Globalization;

namespace MLNet.Gan.Report;

/// <summary>One class of an image report: a row of real held-out images, a row of generated ones (PNG bytes), and the share of generated ones graded as the class.</summary>
public sealed record ImageReportClass(string Name, byte[] RealGrid, byte[] GeneratedGrid, double GeneratedAccuracy);

/// <summary>What an image report shows: a title, the figures (name, value, what to read it against) and every class's images.</summary>
public sealed record ImageReportContent(string Title, IReadOnlyList<(string Name, double Value, string Note)> Figures, IReadOnlyList<ImageReportClass> Classes);

/// <summary>The evaluation of a DCGAN as one self-contained HTML file: the figures, then real and generated images per class side by side.</summary>
public static class ImageReport
{
    /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ImageReportContent content) => ReportPage.Write(path, Render(content));

    /// <summary>The report's HTML.</summary>
    public static string Render(ImageReportContent content)
    {
        var html = ReportPage.Begin(content.Title);
        html.Append("<h2>Figures</h2>\n<table>\n<tr><th>figure</th><th>value</th><th>read against</th></tr>\n");
        foreach (var (name, value, note) in content.Figures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{ReportPage.Encode(name)}</td><td>{value:F3}</td><td>{ReportPage.Encode(note)}</td></tr>\n");
        }

        html.Append("</table>\n<h2>Real (held out) and generated images by class</h2>\n<table>\n<tr><th>class</th><th>real</th><th>generated</th><th>graded as the class</th></tr>\n");
        foreach (var c in content.Classes)
        {
            string Image(byte[] png) => png.Length == 0 ? "—" : $"<img alt=\"\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{ReportPage.Encode(c.Name)}</td><td>{Image(c.RealGrid)}</td><td>{Image(c.GeneratedGrid)}</td><td>{c.GeneratedAccuracy:P0}</td></tr>\n");
        }

        html.Append("</table>\n");
        return ReportPage.End(html, []);
    }
}
