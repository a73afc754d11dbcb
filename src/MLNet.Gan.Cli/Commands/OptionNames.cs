namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// Runs a library options type's <c>Validate</c> and reports a refusal under the command-line option
/// that set the property: the library says "PointMassShare must be in [0, 1) (got 1.5).", the tool
/// "--point-mass-share must be in [0, 1) (got 1.5).". The checks themselves live once, in the library.
/// </summary>
internal static class OptionNames
{
    /// <summary>Runs <paramref name="validate"/>; an <see cref="ArgumentException"/> for a property in <paramref name="names"/> is rethrown naming its option.</summary>
    public static void Validate(Action validate, params (string Property, string Option)[] names)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e) when (e.ParamName is { } property && Array.FindIndex(names, n => n.Property == property) is int i and >= 0)
        {
            string message = e.Message.Replace($" (Parameter '{property}')", "", StringComparison.Ordinal);
            string option = names[i].Option;
            throw new ArgumentException(message.StartsWith(property + " ", StringComparison.Ordinal) ? option + message[property.Length..] : $"{option}: {message}", e);
        }
    }

    /// <summary>The options of a private training (shared by fit and compare).</summary>
    public static readonly (string, string)[] Privacy = [("Epsilon", "--epsilon"), ("Delta", "--delta"), ("MaxGradNorm", "--max-grad-norm")];

    /// <summary>The table encoder's column rules (fit).</summary>
    public static readonly (string, string)[] ColumnRules = [("PointMassShare", "--point-mass-share"), ("LongTailRatio", "--long-tail-ratio"), ("MaxCategories", "--max-categories")];
}
