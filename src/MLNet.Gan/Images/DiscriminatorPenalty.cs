using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Images;

/// <summary>
/// WGAN-GP's gradient penalty on the DCGAN's discriminator (Gulrajani et al. 2017): λ·mean((‖∇ₓD(x̂)‖ − 1)²) over
/// images x̂ mixed from a real and a generated image of the same class, with its exact gradient added to the
/// discriminator's parameter gradients. The gradient is taken over the image's pixels only: the class planes are
/// the same in both images of a pair, so x̂ never moves along them and the Lipschitz constraint is the image's.
/// </summary>
/// <remarks>
/// D is piecewise linear: with the slopes s and dropout masks m of the pass on x̂ held fixed,
/// u₂ = w₃ ⊙ m₂ ⊙ s₂, v₁ = Conv₂ᵀ(u₂), u₁ = v₁ ⊙ m₁ ⊙ s₁, g = ∇ₓD = Conv₁ᵀ(u₁), where Convᵀ is a convolution's
/// input gradient. The penalty depends on the weights only through g (the biases move no slope), so backpropagating
/// dP/dg through those lines is the double-backpropagation gradient: each convolution adds rows(u)ᵀ·im2col(direction)
/// to its weight's gradient and passes the direction forward through itself
/// (<see cref="Conv2d.BackwardThroughInputGradient"/>), the masks and slopes scale it in between, and w₃ gets
/// Σ du₂ ⊙ m₂ ⊙ s₂. It is the tabular critic's derivation (<c>PackedCritic.GradientPenalty</c>) with convolutions in
/// place of its dense layers.
/// </remarks>
internal sealed class DiscriminatorPenalty
{
    private readonly Sequential _discriminator;
    private readonly Conv2d _conv1, _conv2;
    private readonly LeakyReLU _act1, _act2;
    private readonly Dropout _drop1, _drop2;
    private readonly Linear _output;
    private readonly int _imageSize;
    private Matrix? _u2, _u1, _dV1, _ones1, _ones2;

    public DiscriminatorPenalty(DcganNetworks networks)
    {
        _discriminator = networks.Discriminator;
        var layers = _discriminator.Layers;
        (_conv1, _act1, _drop1) = ((Conv2d)layers[0], (LeakyReLU)layers[1], (Dropout)layers[2]);
        (_conv2, _act2, _drop2) = ((Conv2d)layers[3], (LeakyReLU)layers[4], (Dropout)layers[5]);
        _output = (Linear)layers[6];
        _imageSize = networks.Image.Size;
    }

    /// <summary>
    /// Runs the discriminator on <paramref name="mixedInput"/> (images with their class planes), adds the penalty's
    /// gradient, λ/B · Σ (‖gᵢ‖ − 1)² over the batch, to its parameters' gradients and returns the penalty.
    /// </summary>
    public double Penalty(Matrix mixedInput, float lambda)
    {
        _discriminator.Forward(mixedInput, training: true);
        var g = InputGradientOfLastForward();
        int b = g.Rows;

        // dP/dg = λ/B · 2(‖g‖ − 1) · g/‖g‖ over the pixels, 0 on the class planes (written over g)
        double penalty = 0;
        for (int r = 0; r < b; r++)
        {
            var row = g.Row(r);
            var pixels = row[.._imageSize];
            double norm = Math.Sqrt(Kernels.DotDouble(pixels, pixels));
            penalty += (norm - 1) * (norm - 1);
            Kernels.Scale(pixels, norm > 0 ? (float)(lambda * 2 * (norm - 1) / (b * norm)) : 0f);
            row[_imageSize..].Clear();
        }

        float slope = _act1.Slope;
        var du1 = _conv1.BackwardThroughInputGradient(g);
        var dv1 = Matrix.Reuse(ref _dV1, b, _conv1.OutputWidth);
        Kernels.MaskedLeakySlope(du1.Span, Mask(_drop1, ref _ones1, b).Span, _act1.Input!.Span, slope, dv1.Span);
        var du2 = _conv2.BackwardThroughInputGradient(dv1);
        var scaled = _u2!; // u₂ lives on in the second convolution's row gradient; its buffer is free
        Kernels.MaskedLeakySlope(du2.Span, Mask(_drop2, ref _ones2, b).Span, _act2.Input!.Span, slope, scaled.Span);
        Kernels.ColumnSums(scaled.Span, b, _output.Weight.Gradient, accumulate: true);
        return lambda * penalty / b;
    }

    /// <summary>
    /// ∇D with respect to the last forward pass's whole input (B, image + class planes), by the two convolutions'
    /// input gradients under that pass's slopes and masks; the parameters' gradients are left as they were.
    /// </summary>
    internal Matrix InputGradientOfLastForward()
    {
        int b = _act1.Input!.Rows;
        float slope = _act1.Slope;
        var u2 = Matrix.Reuse(ref _u2, b, _conv2.OutputWidth);
        var w3 = _output.Weight.Value;
        var m2 = Mask(_drop2, ref _ones2, b);
        var a2 = _act2.Input!;
        for (int r = 0; r < b; r++)
        {
            Kernels.MaskedLeakySlope(w3, m2.Row(r), a2.Row(r), slope, u2.Row(r));
        }

        bool learns = _conv1.ComputeParameterGradients, firstPassesInput = _conv1.ComputeInputGradient;
        _conv1.ComputeParameterGradients = _conv2.ComputeParameterGradients = false;
        _conv1.ComputeInputGradient = true;
        try
        {
            var v1 = _conv2.Backward(u2);
            var u1 = Matrix.Reuse(ref _u1, b, _conv1.OutputWidth);
            Kernels.MaskedLeakySlope(v1.Span, Mask(_drop1, ref _ones1, b).Span, _act1.Input!.Span, slope, u1.Span);
            return _conv1.Backward(u1);
        }
        finally
        {
            _conv1.ComputeParameterGradients = _conv2.ComputeParameterGradients = learns;
            _conv1.ComputeInputGradient = firstPassesInput;
        }
    }

    /// <summary>The dropout's mask of the last pass, or ones when it drops nothing (and so keeps no mask).</summary>
    private static Matrix Mask(Dropout dropout, ref Matrix? ones, int rows)
    {
        if (dropout.Probability > 0f)
        {
            return dropout.Mask!;
        }

        if (ones is null || ones.Rows != rows)
        {
            ones = new Matrix(rows, dropout.OutputWidth);
            ones.Span.Fill(1f);
        }

        return ones;
    }
}
