using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Images;

/// <summary>
/// The DCGAN's two networks for images of <see cref="ImageShape"/> (height and width multiples of 4), both
/// conditioned on the class. The generator reads noise with the class one-hot beside it:
/// Linear(→ c₀·h/4·w/4) → BatchNorm → LeakyReLU → (the same row read as c₀ × h/4 × w/4)
/// → ConvTranspose 5×5/1 (c₁) → BatchNorm2d → LeakyReLU → ConvTranspose 5×5/2 (c₂) → BatchNorm2d → LeakyReLU
/// → ConvTranspose 5×5/2 (image channels, no bias) → tanh. The discriminator reads the image with one
/// constant plane per class beside it (1 on the image's class, 0 elsewhere), so each of its filters sees
/// the class at every pixel: Conv 5×5/2 (c₂) → LeakyReLU → Dropout → Conv 5×5/2 (c₁) → LeakyReLU → Dropout
/// → (flattened, free) → Linear(→ 1). Weights are drawn from N(0, 0.02), as the DCGAN paper does.
/// </summary>
internal sealed class DcganNetworks
{
    public DcganNetworks(ImageShape image, int classes, DcganOptions options, RandomStream init, RandomStream dropout)
    {
        if (image.Height % 4 != 0 || image.Width % 4 != 0)
        {
            throw new ArgumentException($"The DCGAN upsamples twice by 2: image height and width must be multiples of 4; got {image.Height}×{image.Width}.", nameof(image));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        (Image, Classes) = (image, classes);
        var (c0, c1, c2) = (options.Channels[0], options.Channels[1], options.Channels[2]);
        float slope = options.LeakySlope;
        var seed = new ImageShape(c0, image.Height / 4, image.Width / 4);
        var up1 = new ConvTranspose2d(seed, c1, 5, 1, 2, 0, init, bias: false, name: "generator.up1");
        var up2 = new ConvTranspose2d(up1.OutputShape, c2, 5, 2, 2, 1, init, bias: false, name: "generator.up2");
        var up3 = new ConvTranspose2d(up2.OutputShape, image.Channels, 5, 2, 2, 1, init, bias: false, name: "generator.up3");
        Generator = new Sequential(
            new Linear(options.NoiseDimension + classes, seed.Size, init, "generator.dense"),
            new BatchNorm1d(seed.Size, name: "generator.bn0"),
            new LeakyReLU(seed.Size, slope),
            up1,
            new BatchNorm2d(up1.OutputShape, name: "generator.bn1"),
            new LeakyReLU(up1.OutputWidth, slope),
            up2,
            new BatchNorm2d(up2.OutputShape, name: "generator.bn2"),
            new LeakyReLU(up2.OutputWidth, slope),
            up3,
            new Tanh(up3.OutputWidth));

        var conditioned = new ImageShape(image.Channels + classes, image.Height, image.Width);
        var down1 = new Conv2d(conditioned, c2, 5, 2, 2, init, "discriminator.down1");
        var down2 = new Conv2d(down1.OutputShape, c1, 5, 2, 2, init, "discriminator.down2");
        Discriminator = new Sequential(
            down1,
            new LeakyReLU(down1.OutputWidth, slope),
            new Dropout(down1.OutputWidth, options.Dropout, dropout),
            down2,
            new LeakyReLU(down2.OutputWidth, slope),
            new Dropout(down2.OutputWidth, options.Dropout, dropout),
            new Linear(down2.OutputWidth, 1, init, "discriminator.output"));

        // the dense and convolution weights, not batch normalisation's scales, in forward order
        static Parameter? WeightOf(Layer layer) => layer switch { Linear l => l.Weight, Conv2d c => c.Weight, ConvTranspose2d t => t.Weight, _ => null };
        foreach (var p in Generator.Layers.Concat(Discriminator.Layers).Select(WeightOf).OfType<Parameter>())
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = 0.02f * init.NextNormal();
            }
        }

        ConditionedShape = conditioned;
    }

    public ImageShape Image { get; }

    public int Classes { get; }

    /// <summary>The discriminator's input: the image's channels, then one plane per class.</summary>
    public ImageShape ConditionedShape { get; }

    /// <summary>(noise + classes) → image in [−1, 1].</summary>
    public Sequential Generator { get; }

    /// <summary>(image + class planes) → one logit (or score, for least squares).</summary>
    public Sequential Discriminator { get; }

    /// <summary>
    /// Whether the discriminator's backward accumulates its parameter gradients (off during the generator's
    /// step). While it learns, nothing needs the gradient of its input, so its first convolution skips that
    /// GEMM and scatter; the generator's step needs it and gets it.
    /// </summary>
    public void DiscriminatorLearns(bool learns)
    {
        ((Conv2d)Discriminator.Layers[0]).ComputeInputGradient = !learns;
        var layers = Discriminator.Layers;
        for (int i = 0; i < layers.Count; i++) // by index: a foreach over the interface would allocate its enumerator every step
        {
            switch (layers[i])
            {
                case Conv2d conv:
                    conv.ComputeParameterGradients = learns;
                    break;
                case Linear linear:
                    linear.ComputeParameterGradients = learns;
                    break;
            }
        }
    }

    /// <summary>Writes the generator's input rows: standard normal noise from <paramref name="rng"/>, then the class one-hot.</summary>
    public void WriteGeneratorInput(Matrix input, ReadOnlySpan<int> classes, RandomStream rng, int noise)
    {
        for (int r = 0; r < input.Rows; r++)
        {
            var row = input.Row(r);
            for (int i = 0; i < noise; i++)
            {
                row[i] = rng.NextNormal();
            }

            row[noise..].Clear();
            row[noise + classes[r]] = 1f;
        }
    }

    /// <summary>Writes the discriminator's input rows: each image, then its class planes.</summary>
    public void WriteDiscriminatorInput(Matrix images, ReadOnlySpan<int> classes, Matrix input)
    {
        int size = Image.Size, pixels = Image.Pixels;
        for (int r = 0; r < images.Rows; r++)
        {
            var row = input.Row(r);
            images.Row(r).CopyTo(row);
            row[size..].Clear();
            row.Slice(size + (classes[r] * pixels), pixels).Fill(1f);
        }
    }
}
