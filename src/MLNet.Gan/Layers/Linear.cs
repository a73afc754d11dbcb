using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// Fully connected layer: out = inp · W + b, with W of (C, OC) and b of (OC). Besides its GEMMs, the bias
/// pass of a large batch (adding b to each row, summing the rows of the gradient) is split between the
/// compute threads: by rows forward, by columns backward, so each value is summed in the same order
/// whatever the thread count.
/// </summary>
internal sealed class Linear : Layer, IParallelWork
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private Matrix? _input;
    private Matrix? _output;
    private Matrix? _inputGradient;
    private Matrix? _biasPassOn; // the output (forward) or output gradient (backward) the bias pass works on
    private bool _biasGradient;

    /// <summary>
    /// Creates the layer with PyTorch's default initialisation: W and b ~ U(−1/√C, 1/√C).
    /// </summary>
    public Linear(int inputWidth, int outputWidth, RandomStream rng, string name = "linear")
        : base(inputWidth, outputWidth)
    {
        _weight = new Parameter(name + ".weight", inputWidth, outputWidth);
        _bias = new Parameter(name + ".bias", 1, outputWidth);
        float bound = 1f / MathF.Sqrt(inputWidth);
        _weight.InitUniform(rng, bound);
        _bias.InitUniform(rng, bound);
    }

    /// <summary>W, (C, OC).</summary>
    public Parameter Weight => _weight;

    /// <summary>b, (OC).</summary>
    public Parameter Bias => _bias;

    /// <summary>
    /// Whether <see cref="Backward"/> computes dL/dInput. Off for a first layer whose input is data
    /// or noise, which saves one GEMM per step.
    /// </summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>
    /// Whether <see cref="Backward"/> accumulates dL/dW and dL/db. Off while a generator step
    /// backpropagates through the critic, whose parameters that step must not touch.
    /// </summary>
    public bool ComputeParameterGradients { get; set; } = true;

    /// <summary>
    /// When set, <see cref="Backward"/> adds every row's squared norm of its own gradient of W and b
    /// into this array (one entry per row of the batch; it must hold at least B): for differentially
    /// private training, which clips each example's gradient. Row i's gradient of W is the outer
    /// product xᵢ ⊗ δᵢ of its input and output gradient, whose squared Frobenius norm is
    /// ‖xᵢ‖²·‖δᵢ‖², and of b it is δᵢ (Goodfellow 2015, "Efficient per-example gradient
    /// computations"): no per-example gradient is ever formed. Exact only where each row passes
    /// through the layer once, as in our MLPs.
    /// </summary>
    public float[]? PerExampleSquaredNorms { get; set; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [_weight, _bias];

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        _input = input;
        var output = Matrix.Reuse(ref _output, input.Rows, OutputWidth); // (B, OC)
        Gemm.MatMul(input.Span, _weight.Value, output.Span, input.Rows, OutputWidth, InputWidth);
        RunBiasPass(output, gradient: false);
        return output;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        CheckGradient(outputGradient, _input);
        var input = _input!;
        int b = input.Rows;

        if (PerExampleSquaredNorms is { } norms)
        {
            for (int r = 0; r < b; r++)
            {
                double outputSquared = Kernels.DotDouble(outputGradient.Row(r), outputGradient.Row(r));
                norms[r] += (float)((Kernels.DotDouble(input.Row(r), input.Row(r)) + 1) * outputSquared);
            }
        }

        // forward was out = inp · W + b, so dW += inpᵀ · dout, db += Σ_rows dout, dinp = dout · Wᵀ
        if (ComputeParameterGradients)
        {
            Gemm.MatMulTransA(input.Span, outputGradient.Span, _weight.Gradient, InputWidth, OutputWidth, b, accumulate: true);
            RunBiasPass(outputGradient, gradient: true);
        }

        var inputGradient = Matrix.Reuse(ref _inputGradient, b, InputWidth); // (B, C)
        if (ComputeInputGradient)
        {
            Gemm.MatMulTransB(outputGradient.Span, _weight.Value, inputGradient.Span, b, InputWidth, OutputWidth);
        }
        else
        {
            inputGradient.Clear();
        }

        return inputGradient;
    }

    void IParallelWork.Execute(int part, int parts)
    {
        var on = _biasPassOn!;
        int rows = on.Rows, cols = OutputWidth;
        if (!_biasGradient)
        {
            var (r0, r1) = WorkerPool.Slice(rows, part, parts);
            Kernels.AddRowVector(on.Span.Slice(r0 * cols, (r1 - r0) * cols), _bias.Value, r1 - r0);
            return;
        }

        // db[c] += Σ_r dout[r, c] over this part's columns (multiples of 16), rows in order
        var (c0, c1) = WorkerPool.Slice(cols, part, parts, 16);
        if (c1 > c0)
        {
            Kernels.ColumnSums(on.Span[c0..], rows, cols, _bias.Gradient.AsSpan(c0, c1 - c0), accumulate: true);
        }
    }

    private void RunBiasPass(Matrix on, bool gradient)
    {
        (_biasPassOn, _biasGradient) = (on, gradient);
        WorkerPool.Shared.RunSplit(this, (long)on.Rows * OutputWidth);
        _biasPassOn = null;
    }
}
