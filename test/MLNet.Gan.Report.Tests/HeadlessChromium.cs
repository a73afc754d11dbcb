using System.Diagnostics;

namespace MLNet.Gan.Report.Tests;

/// <summary>
/// Debian's Chromium, headless (<c>--headless --no-sandbox --disable-gpu</c>): loads a page, lets its
/// scripts run, and returns the final DOM, the console messages it logged, and a screenshot.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string Executable => Candidates.FirstOrDefault(File.Exists)
        ?? throw new AssertFailedException("Chromium is not installed (build/test.sh installs Debian's 'chromium' package).");

    /// <summary>The DOM after the page's scripts ran, and the console lines Chromium logged while loading it.</summary>
    public static (string Dom, string Console) DumpDom(string htmlPath)
    {
        var (stdout, stderr) = Run("--dump-dom", "--enable-logging=stderr", "--v=0", new Uri(htmlPath).AbsoluteUri);
        return (stdout, string.Join('\n', stderr.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal))));
    }

    /// <summary>Writes a PNG screenshot of the page, <paramref name="height"/> pixels tall.</summary>
    public static void Screenshot(string htmlPath, string pngPath, int height)
        => Run($"--screenshot={pngPath}", $"--window-size=1280,{height}", "--hide-scrollbars", new Uri(htmlPath).AbsoluteUri);

    private static (string Out, string Error) Run(params string[] arguments)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var profile = Directory.CreateTempSubdirectory("mlnet-gan-chromium-");
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=30000" }.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new AssertFailedException("Chromium did not finish within 120 s.");
            }

            return (output.Result, error.Result);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
