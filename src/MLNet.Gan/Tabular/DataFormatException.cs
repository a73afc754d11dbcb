namespace MLNet.Gan.Tabular;

/// <summary>
/// Bad input data: the message names the file, the line and the column where known, and says what
/// was expected. The command-line tool prints it without a stack trace and exits non-zero.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception; location parts that are unknown are left null.</summary>
    public DataFormatException(string message, string? file = null, long? line = null, string? column = null)
        : base(Compose(message, file, line, column))
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file, if known.</summary>
    public string? File { get; }

    /// <summary>The 1-based line in the file, if known (the header is line 1).</summary>
    public long? Line { get; }

    /// <summary>The column name, if known.</summary>
    public string? Column { get; }

    private static string Compose(string message, string? file, long? line, string? column)
    {
        var where = new List<string>(3);
        if (file is not null)
        {
            where.Add($"'{file}'");
        }

        if (line is not null)
        {
            where.Add($"line {line}");
        }

        if (column is not null)
        {
            where.Add($"column '{column}'");
        }

        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
