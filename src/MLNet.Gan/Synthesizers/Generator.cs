using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Synthesizers;

/// <summary>
/// The CTGAN generator: [noise | condition] → residual-concat blocks (Linear → BatchNorm → ReLU,
/// output concatenated to the input) → Linear to the encoded width (the logits) → tanh on α spans and
/// soft Gumbel-softmax on one-hot spans.
/// </summary>
internal sealed class Generator
{
    private readonly ResidualConcat[] _blocks;
    private readonly Linear _output;
    private readonly SpanActivation _activation;
    private readonly Sequential _body;
    private Matrix? _logitsGradient;

    /// <summary>Builds the network for inputs of <paramref name="inputWidth"/> (noise + condition).</summary>
    public Generator(int inputWidth, IReadOnlyList<int> hidden, IReadOnlyList<ColumnSpan> outputSpans, float temperature, RandomStream initRng, RandomStream noiseRng)
    {
        _blocks = new ResidualConcat[hidden.Count];
        int width = inputWidth;
        for (int i = 0; i < hidden.Count; i++)
        {
            _blocks[i] = new ResidualConcat(width, hidden[i], initRng, $"generator.residual{i}");
            width += hidden[i];
        }

        _blocks[0].ComputeInputGradient = false; // the input is noise and a condition
        _output = new Linear(width, outputSpans[^1].End, initRng, "generator.output");
        _activation = new SpanActivation(outputSpans, temperature, noiseRng);
        _body = new Sequential([.. _blocks, _output]);
        InputWidth = inputWidth;
    }

    /// <summary>Width of [noise | condition].</summary>
    public int InputWidth { get; }

    /// <summary>Encoded width of a generated row.</summary>
    public int OutputWidth => _output.OutputWidth;

    /// <summary>Trainable parameters.</summary>
    public IReadOnlyList<Parameter> Parameters => _body.Parameters;

    /// <summary>BatchNorm running statistics (saved with the model).</summary>
    public IReadOnlyList<Parameter> State => _body.State;

    /// <summary>The residual blocks, in order (for another engine to copy).</summary>
    internal IReadOnlyList<ResidualConcat> Blocks => _blocks;

    /// <summary>The output layer (for another engine to copy).</summary>
    internal Linear Output => _output;

    /// <summary>The output spans and their activations.</summary>
    internal IReadOnlyList<ColumnSpan> Spans => _activation.Spans;

    /// <summary>Gumbel-softmax temperature.</summary>
    internal float Temperature => _activation.Temperature;

    /// <summary>Activates logits computed elsewhere (another engine's forward pass) exactly as <see cref="Forward"/> does, drawing the same Gumbel noise.</summary>
    internal Matrix Activate(Matrix logits) => _activation.Forward(logits, training: false);

    /// <summary>The logits of the last forward pass (B, width), before the span activations.</summary>
    public Matrix Logits { get; private set; } = null!;

    /// <summary>Generates activated rows (B, width); BatchNorm uses batch statistics when <paramref name="training"/>.</summary>
    public Matrix Forward(Matrix input, bool training)
    {
        Logits = _body.Forward(input, training);
        return _activation.Forward(Logits, training);
    }

    /// <summary>
    /// Backpropagates dL/dOutput plus <paramref name="logitsGradient"/> (a loss on the logits, the
    /// conditional cross-entropy) into the parameter gradients.
    /// </summary>
    public void Backward(Matrix outputGradient, Matrix? logitsGradient)
    {
        var d = _activation.Backward(outputGradient);
        if (logitsGradient is not null)
        {
            var sum = _logitsGradient ??= new Matrix(d.Rows, d.Cols);
            sum.SetRows(d.Rows);
            d.Span.CopyTo(sum.Span);
            Kernels.Add(logitsGradient.Span, sum.Span);
            d = sum;
        }

        _body.Backward(d);
    }
}
