using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Gan.DataViews;

/// <summary>How an <c>IDataView</c> column is held in a <see cref="Tabular.Table"/>.</summary>
internal enum BridgeKind
{
    /// <summary>A number of any width: a numeric table column (a categorical one for the label).</summary>
    Number,

    /// <summary>A Boolean: a categorical column of "False" and "True".</summary>
    Boolean,

    /// <summary>Text: a categorical column.</summary>
    Text,

    /// <summary>A key (<c>uint</c>): a categorical column of its key values (or key numbers); key 0 is the category "".</summary>
    Key,

    /// <summary>A vector of numbers of known size: one numeric table column per slot, named <c>name[i]</c>.</summary>
    NumberVector,
}

/// <summary>One <c>IDataView</c> column, its type and annotations, and the table columns that hold it.</summary>
internal sealed record BridgedColumn(string Name, DataViewType Type, BridgeKind Kind, DataViewSchema.Annotations Annotations, int Slots)
{
    /// <summary>The raw type of a number, of a vector's items, or of a key.</summary>
    public Type ItemType => Type is VectorDataViewType v ? v.ItemType.RawType : Type.RawType;

    /// <summary>The table column(s) that hold this column.</summary>
    public string TableColumn(int slot) => Kind == BridgeKind.NumberVector ? $"{Name}[{slot}]" : Name;

    /// <summary>A key column's categories: its key values' text when it has them, otherwise the key numbers 1…n.</summary>
    public string[] KeyValues()
    {
        int count = checked((int)((KeyDataViewType)Type).Count);
        if (Annotations.Schema.GetColumnOrNull("KeyValues")?.Type is VectorDataViewType { ItemType: TextDataViewType })
        {
            var values = default(VBuffer<ReadOnlyMemory<char>>);
            Annotations.GetValue("KeyValues", ref values);
            var result = new string[count];
            var dense = values.DenseValues().GetEnumerator();
            for (int i = 0; i < count && dense.MoveNext(); i++)
            {
                result[i] = dense.Current.ToString();
            }

            return result;
        }

        return [.. Enumerable.Range(1, count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Describes <paramref name="column"/>, or explains why a table cannot hold it.</summary>
    public static BridgedColumn Of(DataViewSchema.Column column)
    {
        var type = column.Type;
        var kind = type switch
        {
            BooleanDataViewType => BridgeKind.Boolean,
            TextDataViewType => BridgeKind.Text,
            NumberDataViewType => BridgeKind.Number,
            KeyDataViewType k when k.RawType == typeof(uint) => BridgeKind.Key,
            VectorDataViewType { IsKnownSize: true } v when v.ItemType.RawType == typeof(float) || v.ItemType.RawType == typeof(double) => BridgeKind.NumberVector,
            _ => throw new ArgumentException(
                $"Column '{column.Name}' is {type}; synthesizers and augmenters take numbers, Booleans, text, keys (UInt32) and " +
                "number vectors of known size. Drop the column first (ml.Transforms.DropColumns) or convert it (ml.Transforms.Conversion)."),
        };
        int slots = type is VectorDataViewType vector ? vector.Size : 1;
        return new BridgedColumn(column.Name, type, kind, column.Annotations, slots);
    }
}
