namespace MLNet.Gan.Tests;

/// <summary>Finds the datasets in ../shared/data beside the repository (never copied into it).</summary>
internal static class SharedData
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate) && dir.GetDirectories(".git").Length == 0)
            {
                return candidate;
            }

            var beside = System.IO.Path.Combine(dir.FullName, "..", "shared", "data");
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "MLNet.Gan.sln")) && Directory.Exists(beside))
            {
                return System.IO.Path.GetFullPath(beside);
            }

            dir = dir.Parent;
        }

        throw new DirectoryNotFoundException("../shared/data (the datasets beside the repository) was not found.");
    });

    public static string File(string file) => System.IO.Path.Combine(Folder.Value, file);

    public static readonly string[] TaiwanDiscrete = ["SEX", "EDUCATION", "MARRIAGE", "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"];
}
