using System.Globalization;

namespace MLNet.Gan;

/// <summary>
/// The checks every options type runs in its <c>Validate</c>, so that a bad value is refused before
/// any work with one message: the property, the value and what is allowed ("PointMassShare must be
/// in [0, 1) (got 1.5)."). The exception's <see cref="ArgumentException.ParamName"/> is the property,
/// which lets the command-line tool report the option that set it instead.
/// </summary>
internal static class OptionChecks
{
    /// <summary>An integer of at least <paramref name="least"/>.</summary>
    public static void AtLeast(int value, int least, string property)
    {
        if (value < least)
        {
            throw Refuse(property, value.ToString(CultureInfo.InvariantCulture), $"at least {least}");
        }
    }

    /// <summary>A finite number of at least <paramref name="least"/>.</summary>
    public static void AtLeast(double value, double least, string property)
    {
        if (!(value >= least) || !double.IsFinite(value))
        {
            throw Refuse(property, Format(value), $"a number of at least {Format(least)}");
        }
    }

    /// <summary>A finite number above 0.</summary>
    public static void Positive(double value, string property)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw Refuse(property, Format(value), "a positive number");
        }
    }

    /// <summary>A number in [<paramref name="low"/>, <paramref name="high"/>) or, with <paramref name="lowOpen"/>, (<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static void InRange(double value, double low, double high, string property, bool lowOpen = false)
    {
        if (!(lowOpen ? value > low : value >= low) || !(value < high))
        {
            throw Refuse(property, Format(value), $"in {(lowOpen ? "(" : "[")}{Format(low)}, {Format(high)})");
        }
    }

    /// <summary>The exception for <paramref name="property"/> = <paramref name="value"/>, which must be <paramref name="allowed"/>.</summary>
    public static ArgumentException Refuse(string property, string value, string allowed)
        => new($"{property} must be {allowed} (got {value}).", property);

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
