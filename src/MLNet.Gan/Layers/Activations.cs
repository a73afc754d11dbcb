using System.Numerics.Tensors;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// Base of the element-wise activations: output width = input width, no parameters. Large batches are
/// split between the compute threads at multiples of 64 elements (an element's value does not depend on
/// the split, so results stay bit-identical whatever the thread count); a single-threaded pass over a
/// 500 × 256 batch was a tenth of an MLP step, with the second core waiting.
/// </summary>
internal abstract class ElementwiseActivation : Layer, IParallelWork
{
    private Matrix? _output;
    private Matrix? _inputGradient;
    private Matrix? _outputGradient;
    private bool _backward;

    /// <summary>Creates the activation for rows of <paramref name="width"/>.</summary>
    protected ElementwiseActivation(int width)
        : base(width, width)
    {
    }

    /// <summary>The last input (B, C): the pre-activations whose slopes a second backward pass reuses.</summary>
    public Matrix? Input { get; private set; }

    /// <summary>The last output (B, C).</summary>
    public Matrix? Output => _output;

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        Input = input;
        var output = Matrix.Reuse(ref _output, input.Rows, OutputWidth);
        _backward = false;
        WorkerPool.Shared.RunSplit(this, output.Span.Length);
        return output;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        CheckGradient(outputGradient, Input);
        var dx = Matrix.Reuse(ref _inputGradient, outputGradient.Rows, InputWidth);
        (_outputGradient, _backward) = (outputGradient, true);
        WorkerPool.Shared.RunSplit(this, dx.Span.Length);
        _outputGradient = null;
        return dx;
    }

    void IParallelWork.Execute(int part, int parts)
    {
        var (start, end) = WorkerPool.Slice(_output!.Span.Length, part, parts, 64);
        int count = end - start;
        if (_backward)
        {
            Derive(Input!.Span.Slice(start, count), _output.Span.Slice(start, count), _outputGradient!.Span.Slice(start, count), _inputGradient!.Span.Slice(start, count));
        }
        else
        {
            Apply(Input!.Span.Slice(start, count), _output.Span.Slice(start, count));
        }
    }

    /// <summary>out = f(inp).</summary>
    protected abstract void Apply(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>dinp = f′(inp) · dout, given inp and out = f(inp).</summary>
    protected abstract void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient);
}

/// <summary>out = max(inp, 0).</summary>
internal sealed class ReLU(int width) : ElementwiseActivation(width)
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Max(input, 0f, output);

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        // out = max(inp, 0): the slope is 1 where inp > 0, else 0. Vector<float> takes the runtime's
        // width; a select per element gives the same values on every width.
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int n = System.Numerics.Vector<float>.Count;
            for (; i <= input.Length - n; i += n)
            {
                var x = new System.Numerics.Vector<float>(input[i..]);
                var g = new System.Numerics.Vector<float>(outputGradient[i..]);
                System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(x, System.Numerics.Vector<float>.Zero), g, System.Numerics.Vector<float>.Zero).CopyTo(inputGradient[i..]);
            }
        }

        for (; i < input.Length; i++)
        {
            inputGradient[i] = input[i] > 0f ? outputGradient[i] : 0f;
        }
    }
}

/// <summary>out = inp for inp &gt; 0, else slope · inp. The critic uses slope 0.2.</summary>
internal sealed class LeakyReLU(int width, float slope = 0.01f) : ElementwiseActivation(width)
{
    /// <summary>Slope for negative inputs.</summary>
    public float Slope { get; } = slope;

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => Select(input, input, output);

    /// <summary>out[i] = inp[i] &gt; 0 ? values[i] : Slope · values[i], vectorised at the runtime's width (the same values on every width).</summary>
    private void Select(ReadOnlySpan<float> input, ReadOnlySpan<float> values, Span<float> output)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int n = System.Numerics.Vector<float>.Count;
            var slope = new System.Numerics.Vector<float>(Slope);
            for (; i <= input.Length - n; i += n)
            {
                var x = new System.Numerics.Vector<float>(input[i..]);
                var v = new System.Numerics.Vector<float>(values[i..]);
                System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(x, System.Numerics.Vector<float>.Zero), v, slope * v).CopyTo(output[i..]);
            }
        }

        for (; i < input.Length; i++)
        {
            output[i] = input[i] > 0f ? values[i] : Slope * values[i];
        }
    }

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        Select(input, outputGradient, inputGradient);
    }
}

/// <summary>out = tanh(inp).</summary>
internal sealed class Tanh(int width) : ElementwiseActivation(width)
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Tanh(input, output);

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        // out = tanh(inp), so dinp = (1 − out²) · dout
        for (int i = 0; i < output.Length; i++)
        {
            inputGradient[i] = (1f - (output[i] * output[i])) * outputGradient[i];
        }
    }
}

/// <summary>out = 1 / (1 + e^(−inp)).</summary>
internal sealed class Sigmoid(int width) : ElementwiseActivation(width)
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Sigmoid(input, output);

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        // out = σ(inp), so dinp = out · (1 − out) · dout
        for (int i = 0; i < output.Length; i++)
        {
            inputGradient[i] = output[i] * (1f - output[i]) * outputGradient[i];
        }
    }
}
