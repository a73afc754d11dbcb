using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Gan.DataViews;

/// <summary>
/// Edits of an ML.NET <see cref="SchemaShape"/>, for estimators whose output (or whose wrapped
/// estimator's input) gains or loses a column. ML.NET keeps <see cref="SchemaShape.Column"/>'s
/// constructor and <c>SchemaShape.Create</c> internal, so a new column's shape is the one a stock
/// conversion of an existing column to <c>Single</c> gives.
/// </summary>
internal static class SchemaShapes
{
    /// <summary>Whether <paramref name="shape"/> has a column <paramref name="name"/>.</summary>
    public static bool Has(SchemaShape shape, string name) => shape.Any(c => c.Name == name);

    /// <summary>
    /// <paramref name="shape"/> with a <c>Single</c> column <paramref name="name"/> (replacing any of that
    /// name); <paramref name="from"/> is a column of the shape that converts to a number (a label does).
    /// </summary>
    public static SchemaShape WithSingle(SchemaShape shape, string name, string from)
        => new MLContext().Transforms.Conversion.ConvertType(name, from, DataKind.Single).GetOutputSchema(shape);

    /// <summary>The shape of a column <paramref name="name"/> of <paramref name="kind"/> (Single or String), made from <paramref name="from"/>'s column of <paramref name="shape"/> (a vector stays a vector).</summary>
    public static SchemaShape.Column Scalar(SchemaShape shape, string name, string from, DataKind kind)
        => new MLContext().Transforms.Conversion.ConvertType(name, from, kind).GetOutputSchema(shape).First(c => c.Name == name);

    /// <summary><paramref name="shape"/> without the column <paramref name="name"/>.</summary>
    public static SchemaShape Without(SchemaShape shape, string name) => new(shape.Where(c => c.Name != name));
}
