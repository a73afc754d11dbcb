using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// The generator's residual block: h = ReLU(BatchNorm(Linear(inp))), out = [h | inp]. The input is
/// concatenated rather than added, so each block widens the row by OC (CTGAN, Xu et al. 2019).
/// </summary>
internal sealed class ResidualConcat : Layer
{
    private readonly Linear _linear;
    private readonly BatchNorm1d _norm;
    private readonly ReLU _relu;
    private Matrix? _output;
    private Matrix? _hiddenGradient;
    private Matrix? _inputGradient;
    private Matrix? _input;

    /// <summary>Creates the block mapping C columns to OC + C.</summary>
    public ResidualConcat(int inputWidth, int hiddenWidth, RandomStream rng, string name = "residual")
        : base(inputWidth, hiddenWidth + inputWidth)
    {
        HiddenWidth = hiddenWidth;
        _linear = new Linear(inputWidth, hiddenWidth, rng, name + ".fc");
        _norm = new BatchNorm1d(hiddenWidth, name: name + ".bn");
        _relu = new ReLU(hiddenWidth);
    }

    /// <summary>OC, the width of h.</summary>
    public int HiddenWidth { get; }

    /// <summary>The block's Linear layer.</summary>
    public Linear Linear => _linear;

    /// <summary>The block's batch normalisation.</summary>
    public BatchNorm1d Norm => _norm;

    /// <summary>Whether dL/dInput is computed (off when the input is noise and a condition).</summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [.. _linear.Parameters, .. _norm.Parameters];

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> State => _norm.State;

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        _input = input;
        var h = _relu.Forward(_norm.Forward(_linear.Forward(input, training), training), training);
        var output = Matrix.Reuse(ref _output, input.Rows, OutputWidth);
        for (int r = 0; r < input.Rows; r++)
        {
            var row = output.Row(r);
            h.Row(r).CopyTo(row);
            input.Row(r).CopyTo(row[HiddenWidth..]);
        }

        return output;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        CheckGradient(outputGradient, _input);
        int b = outputGradient.Rows;

        // out = [h | inp]: split dout into dh and the direct path to dinp
        var dh = Matrix.Reuse(ref _hiddenGradient, b, HiddenWidth);
        for (int r = 0; r < b; r++)
        {
            outputGradient.Row(r)[..HiddenWidth].CopyTo(dh.Row(r));
        }

        _linear.ComputeInputGradient = ComputeInputGradient;
        var dLinear = _linear.Backward(_norm.Backward(_relu.Backward(dh)));
        var dx = Matrix.Reuse(ref _inputGradient, b, InputWidth);
        for (int r = 0; r < b; r++)
        {
            var direct = outputGradient.Row(r)[HiddenWidth..];
            var d = dx.Row(r);
            direct.CopyTo(d);
            if (ComputeInputGradient)
            {
                Kernels.Add(dLinear.Row(r), d);
            }
        }

        return dx;
    }
}
