using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// Inverted dropout: in training each value is zeroed with probability p and the survivors scaled
/// by 1/(1 − p); in inference it is the identity. The mask of the last training pass is kept, so a
/// second backward pass (the gradient penalty's) sees the same mask.
/// </summary>
internal sealed class Dropout : Layer
{
    private readonly RandomStream _rng;
    private Matrix? _mask;
    private Matrix? _output;
    private Matrix? _inputGradient;
    private Matrix? _input;
    private bool _lastWasTraining;

    /// <summary>Creates the layer; <paramref name="rng"/> is this layer's own stream.</summary>
    public Dropout(int width, float probability, RandomStream rng)
        : base(width, width)
    {
        if (probability is < 0f or >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Dropout probability must be in [0, 1).");
        }

        Probability = probability;
        _rng = rng;
    }

    /// <summary>Probability of zeroing a value.</summary>
    public float Probability { get; }

    /// <summary>The mask of the last training pass (0 or 1/(1 − p)).</summary>
    internal Matrix? Mask => _mask;

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        _input = input;
        _lastWasTraining = training;
        var output = Matrix.Reuse(ref _output, input.Rows, OutputWidth);
        if (!training || Probability == 0f)
        {
            input.Span.CopyTo(output.Span);
            return output;
        }

        var mask = Matrix.Reuse(ref _mask, input.Rows, OutputWidth).Span;
        FillMask(mask, Probability, _rng);

        System.Numerics.Tensors.TensorPrimitives.Multiply(input.Span, mask, output.Span);
        return output;
    }

    /// <inheritdoc />
    /// <summary>Draws an inverted-dropout mask: 0 with <paramref name="probability"/>, else 1/(1 − p), in order (every engine draws it so).</summary>
    internal static void FillMask(Span<float> mask, float probability, RandomStream rng) => rng.FillMask(mask, probability, 1f / (1f - probability));

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        CheckGradient(outputGradient, _input);
        var dx = Matrix.Reuse(ref _inputGradient, outputGradient.Rows, InputWidth);
        if (!_lastWasTraining || Probability == 0f)
        {
            outputGradient.Span.CopyTo(dx.Span);
        }
        else
        {
            // out = inp · mask, so dinp = dout · mask
            System.Numerics.Tensors.TensorPrimitives.Multiply(outputGradient.Span, _mask!.Span, dx.Span);
        }

        return dx;
    }
}
