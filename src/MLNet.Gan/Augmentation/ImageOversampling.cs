using MLNet.Gan.Compute;
using MLNet.Gan.Images;
using MLNet.Gan.Layers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Augmentation;

/// <summary>
/// Images in a table as the feature-space bridge reads them: one numeric column per pixel
/// (<c>Pixels[0]</c> … in NCHW order, as ML.NET's <c>ExtractPixels</c> lays them out) beside the label.
/// </summary>
internal static class ImageTable
{
    /// <summary>The pixel columns of <paramref name="table"/> (every column but the label) as rows of <paramref name="shape"/>.</summary>
    public static (float[] Pixels, NumericColumn[] Columns) Read(Table table, string labelColumn, ImageShape shape)
    {
        var columns = table.Columns.Where(c => c.Name != labelColumn).ToArray();
        if (columns.Length != shape.Size || columns.Any(c => c is not NumericColumn))
        {
            throw new ArgumentException(
                $"The image augmenter reads one image column beside the label: {shape} = {shape.Size} numbers per image, " +
                $"but the rows it was given have {columns.Length} other column(s) ({string.Join(", ", columns.Take(3).Select(c => c.Name))}{(columns.Length > 3 ? ", …" : "")}). " +
                "Put it around the trainer with WithFeatureSpaceAugmentation(oversampler, imageColumnName).");
        }

        var numeric = columns.Cast<NumericColumn>().ToArray();
        var pixels = new float[table.RowCount * shape.Size];
        for (int p = 0; p < numeric.Length; p++)
        {
            var values = numeric[p].Values;
            for (int r = 0; r < values.Length; r++)
            {
                float v = (float)values[r];
                if (!float.IsFinite(v))
                {
                    throw new ArgumentException($"Image row {r + 1}, {numeric[p].Name}: a pixel must be a finite number; got {values[r]}.");
                }

                pixels[(r * shape.Size) + p] = v;
            }
        }

        return (pixels, numeric);
    }

    /// <summary>Generated images as a table with the pixel columns' names.</summary>
    public static Table Write(float[] pixels, IReadOnlyList<NumericColumn> like, int rows)
    {
        int size = like.Count;
        var columns = new Column[size];
        for (int p = 0; p < size; p++)
        {
            var values = new double[rows];
            for (int r = 0; r < rows; r++)
            {
                values[r] = pixels[(r * size) + p];
            }

            columns[p] = new NumericColumn(like[p].Name, values);
        }

        return new Table(columns);
    }
}
