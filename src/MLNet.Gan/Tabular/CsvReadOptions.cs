namespace MLNet.Gan.Tabular;

/// <summary>How <see cref="CsvTable.Read(string, CsvReadOptions?)"/> interprets a CSV file. Every option has a default that fits the bundled datasets.</summary>
public sealed class CsvReadOptions
{
    /// <summary>The label column (always read as categorical; a missing label is an error). Default: none.</summary>
    public string? Label { get; set; }

    /// <summary>Columns read as categorical even when their values look numeric. Default: none.</summary>
    public IReadOnlyCollection<string> Discrete { get; set; } = [];

    /// <summary>Columns that must be numeric: any text in them is an error. Default: none (inferred).</summary>
    public IReadOnlyCollection<string> Numeric { get; set; } = [];

    /// <summary>Columns left out of the table. Default: none.</summary>
    public IReadOnlyCollection<string> Drop { get; set; } = [];

    /// <summary>Cell texts that mean "missing". Default: empty, <c>NA</c> and <c>?</c>.</summary>
    public IReadOnlyCollection<string> MissingTokens { get; set; } = ["", "NA", "?"];

    /// <summary>Field delimiter. Default ','.</summary>
    public char Delimiter { get; set; } = ',';

    /// <summary>
    /// Most categories a categorical column may have before it is refused. Default 100,000 (a merchant
    /// or postcode column is fine: the encoder pools its rare values, see
    /// <see cref="Encoding.TableEncoderOptions.MaxCategories"/>). Above 1,000 distinct values a column
    /// that is mostly numbers, or has a distinct value in every row, is refused whatever this is.
    /// </summary>
    public int MaxCategories { get; set; } = 100_000;

    /// <summary>
    /// Drop a column with an empty header whose values are exactly 0…N−1 or 1…N (a saved row index,
    /// as pandas writes it). Default true. Other empty headers are named <c>Unnamed: i</c>.
    /// </summary>
    public bool DropRowIndex { get; set; } = true;
}
