using MLNet.Gan.Cli;

namespace MLNet.Gan.Cli.Tests;

/// <summary>Runs the tool in-process with captured output; finds the shared datasets; names temporary files.</summary>
internal static class CliRunner
{
    public static string Data(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MLNet.Gan.sln")))
        {
            dir = dir.Parent;
        }

        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "data", file));
    }

    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            int code = Program.Main(args);
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    /// <summary>The tool failed as bad input should: exit code 2, no stack trace, and <paramref name="output"/> not written.</summary>
    public static void AssertCleanFailure(int code, string error, string output)
    {
        Assert.AreEqual(2, code);
        Assert.IsFalse(error.Contains("   at "), "no stack trace");
        Assert.IsFalse(File.Exists(output));
    }

    public static string Temp(string extension) => Path.Combine(Path.GetTempPath(), $"mlnet-gan-cli-{Guid.NewGuid():N}{extension}");
}
