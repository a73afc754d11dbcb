using Microsoft.ML;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.DataViews;

/// <summary>A stratified split: the training and test rows, each class in the same proportion in both.</summary>
/// <param name="TrainSet">The training rows, in source order.</param>
/// <param name="TestSet">The test rows, in source order.</param>
public sealed record StratifiedSplit(IDataView TrainSet, IDataView TestSet);

/// <summary>
/// Loading, stratified splitting and table conversion on <c>mlContext.Data</c>. ML.NET's own
/// <c>TrainTestSplit</c> and <c>CrossValidationSplit</c> group rows by <c>samplingKeyColumnName</c>
/// but do not stratify: with 6 % positives a fold can hold noticeably more or fewer than its share.
/// </summary>
public static class DataOperationsExtensions
{
    /// <summary>
    /// Reads a CSV file (plain or gzip) with our reader: types inferred per column, missing cells kept
    /// (NaN for numbers, "" for text), errors that name the file, line and column. Numbers come as
    /// <c>Single</c>, text and the <see cref="CsvReadOptions.Label"/> column (when given) as text.
    /// </summary>
    public static IDataView LoadFromCsv(this DataOperationsCatalog catalog, string path, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return CsvTable.Read(path, options).ToDataView();
    }

    /// <summary>
    /// Reads a Parquet file (flat columns of numbers, Booleans and strings) with the rules of
    /// <see cref="LoadFromCsv"/>: the same options, the same column kinds, null cells missing.
    /// </summary>
    public static IDataView LoadFromParquet(this DataOperationsCatalog catalog, string path, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ParquetTable.Read(path, options).ToDataView();
    }

    /// <summary>
    /// Splits rows into training and test rows with every value of <paramref name="labelColumnName"/> in the
    /// same proportion in both (rows of each class shuffled with <paramref name="seed"/>, then
    /// round(n × <paramref name="testFraction"/>) of them to test). The views read the source through its
    /// own cursor; nothing is copied.
    /// </summary>
    public static StratifiedSplit StratifiedTrainTestSplit(this DataOperationsCatalog catalog, IDataView data, string labelColumnName, double testFraction = 0.3, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var (codes, classes) = LabelCodes(data, labelColumnName);
        var (_, test) = Stratification.Split(codes, classes, testFraction, seed);
        var isTest = new bool[codes.Length];
        foreach (int r in test)
        {
            isTest[r] = true;
        }

        return new StratifiedSplit(RowSubsetDataView.Of(data, [.. isTest.Select(t => !t)]), RowSubsetDataView.Of(data, isTest));
    }

    /// <summary>
    /// Stratified k-fold: <paramref name="folds"/> splits whose test rows partition the data, each fold
    /// holding about 1/k of every value of <paramref name="labelColumnName"/>.
    /// </summary>
    public static IReadOnlyList<StratifiedSplit> StratifiedKFold(this DataOperationsCatalog catalog, IDataView data, string labelColumnName, int folds = 5, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return StratifiedKFold(data, labelColumnName, folds, seed);
    }

    internal static IReadOnlyList<StratifiedSplit> StratifiedKFold(IDataView data, string labelColumnName, int folds, long seed)
    {
        var (codes, classes) = LabelCodes(data, labelColumnName);
        var foldOf = Stratification.FoldOf(codes, classes, folds, seed);
        var result = new List<StratifiedSplit>(folds);
        for (int f = 0; f < folds; f++)
        {
            int fold = f;
            result.Add(new StratifiedSplit(
                RowSubsetDataView.Of(data, [.. foldOf.Select(x => x != fold)]),
                RowSubsetDataView.Of(data, [.. foldOf.Select(x => x == fold)])));
        }

        return result;
    }

    /// <summary>The table as an <c>IDataView</c>: numbers as <c>Single</c>, categorical columns as text.</summary>
    public static IDataView ToDataView(this Table table) => DataViewLayout.Default(table).Write(table);

    /// <summary>The visible columns of <paramref name="data"/> as a table (see <see cref="DataViewLayout"/>), with an optional label.</summary>
    public static Table ToTable(this IDataView data, string? labelColumnName = null) => DataViewLayout.Of(data.Schema).Read(data, labelColumnName);

    private static (int[] Codes, int Classes) LabelCodes(IDataView data, string labelColumnName)
    {
        var label = DataViewLayout.Of(data.Schema, [labelColumnName]).Read(data, labelColumnName).LabelColumn!;
        if (label.Length == 0)
        {
            throw new ArgumentException("The data has no rows to split.");
        }

        return (label.Codes, label.Categories.Count);
    }
}
