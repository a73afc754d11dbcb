using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// The patches a square kernel reads from a batch of images, as a matrix (im2col): one row per kernel
/// position (image, output row, output column), one column per (channel, kernel row, kernel column) in
/// that order — PyTorch's weight order, so a convolution is one GEMM against a (OC, C·K·K) weight.
/// Positions outside the image read zero (the padding). <see cref="Scatter"/> is the adjoint
/// (col2im): it adds each patch value back onto the pixel it was read from.
/// </summary>
internal sealed class ImageColumns
{
    public ImageColumns(ImageShape image, int kernel, int stride, int padding)
    {
        image.Check(nameof(image));
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        (Image, Kernel, Stride, Padding) = (image, kernel, stride, padding);
        OutHeight = ((image.Height + (2 * padding) - kernel) / stride) + 1;
        OutWidth = ((image.Width + (2 * padding) - kernel) / stride) + 1;
        if (image.Height + (2 * padding) < kernel || image.Width + (2 * padding) < kernel)
        {
            throw new ArgumentException($"A {kernel}×{kernel} kernel with padding {padding} does not fit a {image.Height}×{image.Width} image.");
        }
    }

    public ImageShape Image { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    /// <summary>Kernel positions per image, the rows of one image's patch matrix.</summary>
    public int Positions => OutHeight * OutWidth;

    /// <summary>Values per patch, C·K·K: the patch matrix's columns.</summary>
    public int PatchSize => Image.Channels * Kernel * Kernel;

    /// <summary>Writes the patches of images [<paramref name="first"/>, <paramref name="end"/>) of <paramref name="images"/> into their rows of <paramref name="patches"/>.</summary>
    public void Gather(Span<float> images, Span<float> patches, int first, int end) => Walk(images, patches, first, end, scatter: false);

    /// <summary>
    /// Adds the patch values of images [<paramref name="first"/>, <paramref name="end"/>) back onto their
    /// pixels in <paramref name="images"/> (which the caller clears first when it wants the sum alone).
    /// Each image's pixels are summed in the same order whatever the split.
    /// </summary>
    public void Scatter(Span<float> patches, Span<float> images, int first, int end) => Walk(images, patches, first, end, scatter: true);

    /// <summary>
    /// Visits every kernel position's row of each patch: copies the image's pixels into it, or adds it back onto them.
    /// The columns a position's kernel covers inside the image, [kx0, kx1), are found once per position, so the
    /// inner loops run over contiguous runs without a test per value; each pixel still receives its additions in
    /// the order of the positions, so a scatter's sums are the same bits as one value at a time.
    /// </summary>
    private void Walk(Span<float> images, Span<float> patches, int first, int end, bool scatter)
    {
        int k = Kernel, h = Image.Height, w = Image.Width, size = Image.Size, pixels = Image.Pixels, patch = PatchSize;
        for (int b = first; b < end; b++)
        {
            var image = images.Slice(b * size, size);
            for (int oy = 0; oy < OutHeight; oy++)
            {
                int y0 = (oy * Stride) - Padding;
                for (int ox = 0; ox < OutWidth; ox++)
                {
                    var row = patches.Slice(((b * Positions) + (oy * OutWidth) + ox) * patch, patch);
                    int x0 = (ox * Stride) - Padding;
                    int kx0 = Math.Max(0, -x0), kx1 = Math.Min(k, w - x0), run = kx1 - kx0;
                    for (int c = 0, at = 0; c < Image.Channels; c++)
                    {
                        for (int ky = 0; ky < k; ky++, at += k)
                        {
                            int y = y0 + ky;
                            var part = row.Slice(at, k);
                            if ((uint)y >= (uint)h || run <= 0)
                            {
                                if (!scatter)
                                {
                                    part.Clear(); // the padding reads zero
                                }

                                continue;
                            }

                            var line = image.Slice((c * pixels) + (y * w) + x0 + kx0, run);
                            var inside = part.Slice(kx0, run);
                            if (scatter)
                            {
                                for (int i = 0; i < inside.Length; i++)
                                {
                                    line[i] += inside[i];
                                }
                            }
                            else
                            {
                                part[..kx0].Clear();
                                line.CopyTo(inside);
                                part[kx1..].Clear();
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Per image, (C, P) planes to (P, C) rows (<paramref name="toRows"/>) or back: a convolution's
    /// GEMM works on one row per pixel, an image layer on NCHW.
    /// </summary>
    public static void Transpose(ReadOnlySpan<float> from, Span<float> to, int channels, int pixels, bool toRows, int first, int end)
    {
        int size = channels * pixels;
        for (int b = first; b < end; b++)
        {
            var src = from.Slice(b * size, size);
            var dst = to.Slice(b * size, size);
            for (int c = 0; c < channels; c++)
            {
                for (int p = 0; p < pixels; p++)
                {
                    if (toRows)
                    {
                        dst[(p * channels) + c] = src[(c * pixels) + p];
                    }
                    else
                    {
                        dst[(c * pixels) + p] = src[(p * channels) + c];
                    }
                }
            }
        }
    }
}

/// <summary>
/// A pass over a batch split between the compute threads by whole images (or channels): each part owns
/// its images' outputs, so the arithmetic order of every value is the same whatever the thread count.
/// Made once per layer with the layer's own method, so running it allocates nothing.
/// </summary>
internal sealed class ImagePass(Action<Matrix, Matrix, int, int> range) : IParallelWork
{
    private Matrix? _from, _to;
    private int _count;

    /// <summary>
    /// Runs the range method from <paramref name="from"/> into <paramref name="to"/> over items [0, <paramref name="count"/>)
    /// (images or channels), split when <paramref name="elements"/> are enough to share.
    /// </summary>
    public void Run(Matrix from, Matrix to, int count, long elements)
    {
        (_from, _to, _count) = (from, to, count);
        WorkerPool.Shared.RunSplit(this, elements);
        (_from, _to) = (null, null);
    }

    void IParallelWork.Execute(int part, int parts)
    {
        var (start, end) = WorkerPool.Slice(_count, part, parts);
        if (end > start)
        {
            range(_from!, _to!, start, end);
        }
    }
}
