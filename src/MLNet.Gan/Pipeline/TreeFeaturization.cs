using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.Gan.DataViews;

namespace MLNet.Gan.Pipeline;

/// <summary>Builds, from a schema and a label, the chain of stock ML.NET transforms a tree trainer needs.</summary>
public static class TreeFeaturization
{
    private const string Numeric = "__numeric", Missing = "__missing", MissingAsNumbers = "__missing_f", Filled = "__numeric_filled";

    /// <summary>
    /// The featurizing chain for FastTree, LightGbm or any trainer of one <c>Vector&lt;Single&gt;</c>
    /// and a <c>Boolean</c> label, from stock transforms only (so it saves with <c>mlContext.Model.Save</c>):
    /// <list type="bullet">
    /// <item>the label mapped to <c>Boolean</c> (<paramref name="outputLabelColumnName"/>): true where it equals <paramref name="positiveClass"/> (text, number, Boolean or key label);</item>
    /// <item>numbers (and number vectors) converted to <c>Single</c>, a missing-value indicator per number, and missing values replaced by the training mean
    /// (FastTree drops every training row that has a NaN feature: with indicators and replacement none is dropped, and "missing" stays learnable);</item>
    /// <item>text one-hot encoded (an empty or unseen value is all zeros), keys as indicator vectors, Booleans as 0/1;</item>
    /// <item>all concatenated into <paramref name="featureColumnName"/>; the working columns are dropped.</item>
    /// </list>
    /// Columns in <paramref name="ignoreColumns"/> (identifiers, say) and hidden columns are left out.
    /// Text columns in <paramref name="numericCodeColumns"/> hold numeric codes (an ordinal grade read
    /// as categorical for the synthesizers): they reach the trees as their numbers, so one split
    /// separates low codes from high ones, as they would from a numeric column.
    /// </summary>
    public static EstimatorChain<ITransformer> FeaturizeForTrees(this TransformsCatalog catalog, DataViewSchema schema, string labelColumnName, string positiveClass,
        string outputLabelColumnName = "Label", string featureColumnName = "Features", IEnumerable<string>? ignoreColumns = null, IEnumerable<string>? numericCodeColumns = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(schema);
        var ignored = new HashSet<string>(ignoreColumns ?? [], StringComparer.Ordinal) { labelColumnName, outputLabelColumnName, featureColumnName };
        var codes = new HashSet<string>(numericCodeColumns ?? [], StringComparer.Ordinal);
        var chain = new EstimatorChain<ITransformer>().Append(MapLabel(catalog, schema, labelColumnName, positiveClass, outputLabelColumnName));
        var numbers = new List<string>();
        var others = new List<string>();
        var working = new List<string>();
        foreach (var column in schema)
        {
            if (column.IsHidden || ignored.Contains(column.Name))
            {
                continue;
            }

            string name = column.Name, renamed = $"__f_{column.Name}";
            bool singles = column.Type.RawType == typeof(float) || (column.Type is VectorDataViewType v && v.ItemType.RawType == typeof(float));

            // the step that makes this column's features (none for numbers already Single), and whether they are numbers
            var (step, isNumber) = column.Type switch
            {
                NumberDataViewType or VectorDataViewType { IsKnownSize: true, ItemType: NumberDataViewType } =>
                    (singles ? null : catalog.Conversion.ConvertType(renamed, name, DataKind.Single), true),
                TextDataViewType when codes.Contains(name) => (catalog.Conversion.ConvertType(renamed, name, DataKind.Single), true), // parses the number; other text becomes missing
                BooleanDataViewType => (catalog.Conversion.ConvertType(renamed, name, DataKind.Single), false),
                TextDataViewType => (catalog.Categorical.OneHotEncoding(renamed, name), false),
                KeyDataViewType => ((IEstimator<ITransformer>)catalog.Conversion.MapKeyToVector(renamed, name), false),
                _ => throw new ArgumentException($"Column '{name}' is {column.Type}, which FeaturizeForTrees does not featurize; pass it in ignoreColumns or convert it first."),
            };
            if (step is not null)
            {
                chain = chain.Append(step);
                working.Add(renamed);
            }

            (isNumber ? numbers : others).Add(step is null ? name : renamed);
        }

        if (numbers.Count > 0)
        {
            chain = chain.Append<ITransformer>(catalog.Concatenate(Numeric, [.. numbers]))
                .Append<ITransformer>(catalog.IndicateMissingValues(Missing, Numeric))
                .Append<ITransformer>(catalog.Conversion.ConvertType(MissingAsNumbers, Missing, DataKind.Single))
                .Append<ITransformer>(catalog.ReplaceMissingValues(Filled, Numeric, MissingValueReplacingEstimator.ReplacementMode.Mean));
            others.InsertRange(0, [Filled, MissingAsNumbers]);
            working.AddRange([Numeric, Missing, MissingAsNumbers, Filled]);
        }

        if (others.Count == 0)
        {
            throw new ArgumentException($"The schema has no feature column besides the label '{labelColumnName}'.");
        }

        return chain.Append<ITransformer>(catalog.Concatenate(featureColumnName, [.. others])).Append<ITransformer>(catalog.DropColumns([.. working]));
    }

    /// <summary>The label as a Boolean: true where it equals the positive class.</summary>
    private static IEstimator<ITransformer> MapLabel(TransformsCatalog catalog, DataViewSchema schema, string label, string positive, string output)
    {
        var column = SchemaColumns.Require(schema, label, "label column");
        switch (column.Type)
        {
            case TextDataViewType:
                return catalog.Conversion.MapValue(output, [new KeyValuePair<string, bool>(positive, true)], label);
            case BooleanDataViewType:
                bool value = bool.TryParse(positive, out bool b) ? b : throw new ArgumentException($"The label '{label}' is Boolean; the positive class must be True or False (got '{positive}').");
                return catalog.Conversion.MapValue(output, [new KeyValuePair<bool, bool>(value, true)], label);
            case NumberDataViewType:
                float number = float.TryParse(positive, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) ? f
                    : throw new ArgumentException($"The label '{label}' is {column.Type}; the positive class must be a number (got '{positive}').");
                var map = catalog.Conversion.MapValue(output, [new KeyValuePair<float, bool>(number, true)], column.Type.RawType == typeof(float) ? label : output);
                return column.Type.RawType == typeof(float) ? map : catalog.Conversion.ConvertType(output, label, DataKind.Single).Append(map);
            case KeyDataViewType when column.HasKeyValues():
                return catalog.Conversion.MapKeyToValue(output, label)
                    .Append<ITransformer>(catalog.Conversion.MapValue(output, [new KeyValuePair<string, bool>(positive, true)], output));
            default:
                throw new ArgumentException($"The label '{label}' is {column.Type}; a label must be text, a number, a Boolean or a key with values.");
        }
    }
}
