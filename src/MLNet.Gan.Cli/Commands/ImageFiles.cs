using MLNet.Gan.Compute;
using MLNet.Gan.Images;
using MLNet.Gan.IO;
using MLNet.Gan.Layers;
using SkiaSharp;

namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// Labelled images as the image commands read them — a CSV (a class column and one column per pixel, NCHW),
/// or a folder with one subfolder of PNG or JPEG files per class — and PNG files as they write them.
/// </summary>
internal static class ImageFiles
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Reads <paramref name="path"/>; <paramref name="channels"/> (1 grey, 3 colour) is how a folder's images are read.</summary>
    public static LabelledImages Read(string path, string label, int channels)
    {
        if (Directory.Exists(path))
        {
            return ReadFolder(path, channels);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--data: '{path}' is neither a file nor a folder.", path);
        }

        return ImageCsv.Read(path, label);
    }

    private static LabelledImages ReadFolder(string folder, int channels)
    {
        var classes = Directory.GetDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            throw new InvalidDataException($"'{folder}' has no class folders: put each class's images in a folder named after the class.");
        }

        var pixels = new List<float>();
        var labels = new List<int>();
        (string File, int Width, int Height)? first = null;
        for (int c = 0; c < classes.Length; c++)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(folder, classes[c]!)).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal))
            {
                using var bitmap = SKBitmap.Decode(file) ?? throw new InvalidDataException($"'{file}' is not an image this tool can read (PNG, JPEG, BMP).");
                first ??= (file, bitmap.Width, bitmap.Height);
                if (bitmap.Width != first.Value.Width || bitmap.Height != first.Value.Height)
                {
                    throw new InvalidDataException($"'{file}' is {bitmap.Width}×{bitmap.Height} but '{first.Value.File}' is {first.Value.Width}×{first.Value.Height}: the images must have one size (resize them first).");
                }

                for (int ch = 0; ch < channels; ch++)
                {
                    for (int y = 0; y < bitmap.Height; y++)
                    {
                        for (int x = 0; x < bitmap.Width; x++)
                        {
                            var color = bitmap.GetPixel(x, y);
                            pixels.Add(channels == 1 ? (color.Red + color.Green + color.Blue) / 3f : ch == 0 ? color.Red : ch == 1 ? color.Green : color.Blue);
                        }
                    }
                }

                labels.Add(c);
            }
        }

        if (first is null)
        {
            throw new InvalidDataException($"'{folder}' has class folders but no images in them (PNG, JPEG, BMP).");
        }

        return new LabelledImages([.. pixels], [.. labels], classes!, new ImageShape(channels, first.Value.Height, first.Value.Width));
    }

    /// <summary>
    /// A PNG of <paramref name="images"/> (rows of <paramref name="shape"/>, values in [0, <paramref name="maxValue"/>]) laid out
    /// <paramref name="columns"/> to a row with <paramref name="gap"/> pixels between and around them, each pixel drawn
    /// <paramref name="scale"/>×<paramref name="scale"/>.
    /// </summary>
    public static byte[] Png(float[] images, ImageShape shape, float maxValue, int columns, int scale, int gap = 1)
    {
        int count = images.Length / shape.Size, rows = (count + columns - 1) / columns;
        int cellW = (shape.Width * scale) + gap, cellH = (shape.Height * scale) + gap;
        using var bitmap = new SKBitmap((Math.Min(count, columns) * cellW) + gap, (rows * cellH) + gap);
        bitmap.Erase(new SKColor(200, 200, 200));
        for (int i = 0; i < count; i++)
        {
            int ox = ((i % columns) * cellW) + gap, oy = ((i / columns) * cellH) + gap;
            for (int y = 0; y < shape.Height * scale; y++)
            {
                for (int x = 0; x < shape.Width * scale; x++)
                {
                    byte Channel(int ch) => (byte)Math.Clamp(MathF.Round(images[(i * shape.Size) + (ch * shape.Pixels) + ((y / scale) * shape.Width) + (x / scale)] / maxValue * 255f), 0, 255);
                    bitmap.SetPixel(ox + x, oy + y, shape.Channels >= 3 ? new SKColor(Channel(0), Channel(1), Channel(2)) : new SKColor(Channel(0), Channel(0), Channel(0)));
                }
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes bytes atomically.</summary>
    public static void Write(string path, byte[] bytes) => AtomicFile.Write(path, stream => stream.Write(bytes));
}
