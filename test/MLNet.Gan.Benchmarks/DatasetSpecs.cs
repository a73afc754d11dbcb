using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

/// <summary>The benchmark datasets, read as ../shared/docs/anchors.md describes them.</summary>
internal static class DatasetSpecs
{
    public static string DataFolder => Environment.GetEnvironmentVariable("MLNET_GAN_DATA_DIR") ?? FindShared();

    /// <summary>taiwan_default, ID dropped; SEX, EDUCATION, MARRIAGE, PAY_* and the label discrete.</summary>
    public static Table Taiwan() => CsvTable.Read(Path.Combine(DataFolder, "taiwan_default.csv.gz"), new CsvReadOptions
    {
        Label = "default payment next month",
        Drop = ["ID"],
        Discrete = ["SEX", "EDUCATION", "MARRIAGE", "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"],
    });

    /// <summary>give_me_some_credit, row index dropped, missing values kept (the reference had to median-fill them).</summary>
    public static Table GiveMeSomeCredit() => CsvTable.Read(Path.Combine(DataFolder, "give_me_some_credit.csv.gz"), new CsvReadOptions { Label = "SeriousDlqin2yrs" });

    /// <summary>The training benchmarks' tables by name: taiwan_default, give_me_some_credit_50k.</summary>
    public static Table ByName(string name) => name switch
    {
        "taiwan_default" => Taiwan(),
        "give_me_some_credit_50k" => GiveMeSomeCreditSample(),
        _ => throw new ArgumentException($"Unknown benchmark dataset '{name}' (taiwan_default, give_me_some_credit_50k)."),
    };

    /// <summary>A 50,000-row stratified sample of give_me_some_credit (seed 0).</summary>
    public static Table GiveMeSomeCreditSample()
    {
        var full = GiveMeSomeCredit();
        return full.StratifiedSplit(50_000.0 / full.RowCount, seed: 0).Test;
    }

    /// <summary>santander_customer_satisfaction, ID dropped, TARGET discrete.</summary>
    public static Table Santander() => CsvTable.Read(Path.Combine(DataFolder, "santander_customer_satisfaction.csv.gz"), new CsvReadOptions { Label = "TARGET", Drop = ["ID"] });

    private static string FindShared()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MLNet.Gan.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null ? "../shared/data" : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
    }
}
