using System.Globalization;
using System.IO.Compression;

using MLNet.Gan.Compute;

namespace MLNet.Gan.Images;

/// <summary>Labelled images read from a CSV (gzipped or not): a class column, and one column per pixel in NCHW order.</summary>
/// <param name="Pixels">The images, one after another, each of <paramref name="Shape"/>'s size in NCHW order.</param>
/// <param name="Labels">Each image's class: an index into <paramref name="ClassNames"/>.</param>
/// <param name="ClassNames">The classes' names.</param>
/// <param name="Shape">Every image's shape.</param>
public sealed record LabelledImages(float[] Pixels, int[] Labels, string[] ClassNames, ImageShape Shape)
{
    /// <summary>How many images.</summary>
    public int Count => Labels.Length;

    /// <summary>The images at <paramref name="rows"/>, in that order.</summary>
    /// <param name="rows">Image indices.</param>
    public LabelledImages Subset(IReadOnlyList<int> rows)
    {
        int size = Shape.Size;
        var pixels = new float[rows.Count * size];
        var labels = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Pixels.AsSpan(rows[i] * size, size).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = Labels[rows[i]];
        }

        return this with { Pixels = pixels, Labels = labels };
    }
}

/// <summary>Reads <see cref="LabelledImages"/> from CSV files such as the UCI digits (<c>p0_0 … p7_7, digit</c>).</summary>
public static class ImageCsv
{
    /// <summary>
    /// Reads <paramref name="path"/>: <paramref name="labelColumn"/> holds the class, every other column a
    /// pixel; square one-channel images unless <paramref name="shape"/> is given. Classes are numbered in
    /// ordinal order of their names. Errors name the file, line and column.
    /// </summary>
    /// <param name="path">The CSV file; <c>.gz</c> is read through gzip.</param>
    /// <param name="labelColumn">The class column's name.</param>
    /// <param name="shape">The images' shape; null for square one-channel images.</param>
    public static LabelledImages Read(string path, string labelColumn, ImageShape? shape = null)
    {
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty.")).Split(',');
        int label = Array.IndexOf(header, labelColumn);
        if (label < 0)
        {
            throw new InvalidDataException($"{path}: no column '{labelColumn}' (columns: {string.Join(", ", header.Take(5))}{(header.Length > 5 ? ", …" : "")}).");
        }

        int values = header.Length - 1, side = (int)Math.Round(Math.Sqrt(values));
        var resolved = shape ?? new ImageShape(1, side, side);
        if (resolved.Size != values)
        {
            throw new InvalidDataException($"{path}: {values} pixel columns are not a {resolved} image{(shape is null ? " (give the shape)" : "")}.");
        }

        var pixels = new List<float>();
        var names = new List<string>();
        string? line;
        for (int number = 2; (line = reader.ReadLine()) is not null; number++)
        {
            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path}, line {number}: {cells.Length} cells where the header has {header.Length}.");
            }

            for (int c = 0; c < cells.Length; c++)
            {
                if (c == label)
                {
                    names.Add(cells[c]);
                }
                else if (float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v))
                {
                    pixels.Add(v);
                }
                else
                {
                    throw new InvalidDataException($"{path}, line {number}, column '{header[c]}': expected a pixel value, got '{cells[c]}'.");
                }
            }
        }

        var classes = names.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = classes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        return new LabelledImages([.. pixels], [.. names.Select(n => index[n])], classes, resolved);
    }
}

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST (LeCun et al.; gzipped or not): an image file of
/// magic 0x00000803 (count, rows, columns, then one byte per pixel) and a label file of magic 0x00000801.
/// </summary>
internal static class IdxImages
{
    public static LabelledImages Read(string imagesPath, string labelsPath, int classes = 10)
    {
        var images = ReadAll(imagesPath);
        var labels = ReadAll(labelsPath);
        int count = Header(images, 0x803, imagesPath, 0), rows = Header(images, 0x803, imagesPath, 1), cols = Header(images, 0x803, imagesPath, 2);
        if (Header(labels, 0x801, labelsPath, 0) != count)
        {
            throw new InvalidDataException($"{labelsPath} holds {Header(labels, 0x801, labelsPath, 0):N0} labels for the {count:N0} images of {imagesPath}.");
        }

        int size = rows * cols;
        if (images.Length != 16 + ((long)count * size) || labels.Length != 8 + count)
        {
            throw new InvalidDataException($"{imagesPath} or {labelsPath} is cut short.");
        }

        var pixels = new float[count * size];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = images[16 + i];
        }

        var classOf = new int[count];
        for (int i = 0; i < count; i++)
        {
            classOf[i] = labels[8 + i];
            if (classOf[i] >= classes)
            {
                throw new InvalidDataException($"{labelsPath}, image {i + 1}: class {classOf[i]} is not one of the {classes}.");
            }
        }

        return new LabelledImages(pixels, classOf, [.. Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture))], new ImageShape(1, rows, cols));
    }

    private static byte[] ReadAll(string path)
    {
        using var file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? (Stream)new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static int Header(byte[] data, int magic, string path, int field)
    {
        int Word(int at) => (data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3];
        if (data.Length < 8 || Word(0) != magic)
        {
            throw new InvalidDataException($"{path}: not an IDX file of magic 0x{magic:X8}.");
        }

        return Word(4 + (4 * field));
    }
}
