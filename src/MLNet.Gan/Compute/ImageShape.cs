namespace MLNet.Gan.Compute;

/// <summary>
/// The shape of an image as the library sees it: one row per image, its values in NCHW order
/// (channel, then row, then column), so a row of <see cref="Size"/> values is C·H·W. Flattening an
/// image for a dense layer, or reading a dense layer's output as an image (DCGAN's reshape to 4×4×256),
/// is therefore free: the same row read with another shape.
/// </summary>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Values per image, C·H·W.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Pixels per channel, H·W.</summary>
    public int Pixels => Height * Width;

    /// <summary>Throws unless every dimension is at least 1.</summary>
    internal void Check(string name)
    {
        if (Channels < 1 || Height < 1 || Width < 1)
        {
            throw new ArgumentOutOfRangeException(name, $"An image shape needs every dimension ≥ 1; got {this}.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
