using System.Numerics.Tensors;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// A 2-D convolution over images stored one per row in NCHW order (<see cref="ImageShape"/>): a K×K kernel
/// with stride s and zero padding p maps C×H×W to OC×H′×W′, H′ = ⌊(H + 2p − K)/s⌋ + 1. The weight is
/// PyTorch's, (OC, C·K·K). Forward gathers every kernel position of the batch into one patch matrix
/// (im2col, B·H′·W′ rows) and runs one GEMM against the weight, so the threads share a large product;
/// backward runs the two transposed GEMMs and scatters the patch gradient back (col2im). The per-image
/// passes split the batch by whole images, so results are bit-identical whatever the thread count.
/// </summary>
internal sealed class Conv2d : Layer
{
    private readonly ImageColumns _columns;
    private readonly Parameter _weight, _bias;
    private readonly ImagePass _gather, _scatter, _toImages, _toImagesWithoutBias, _toRows;
    private Matrix? _input, _patches, _rows, _output, _rowGradient, _patchGradient, _inputGradient, _directionOutput;

    /// <summary>Creates the convolution with PyTorch's default initialisation: weight and bias ~ U(−1/√(C·K·K), 1/√(C·K·K)).</summary>
    public Conv2d(ImageShape input, int outputChannels, int kernel, int stride, int padding, RandomStream rng, string name = "conv")
        : this(new ImageColumns(input, kernel, stride, padding), outputChannels, rng, name)
    {
    }

    private Conv2d(ImageColumns columns, int outputChannels, RandomStream rng, string name)
        : base(columns.Image.Size, outputChannels * columns.Positions)
    {
        _columns = columns;
        InputShape = columns.Image;
        OutputShape = new ImageShape(outputChannels, columns.OutHeight, columns.OutWidth);
        _weight = new Parameter(name + ".weight", outputChannels, columns.PatchSize);
        _bias = new Parameter(name + ".bias", 1, outputChannels);
        float bound = 1f / MathF.Sqrt(columns.PatchSize);
        _weight.InitUniform(rng, bound);
        _bias.InitUniform(rng, bound);
        _gather = new ImagePass((from, to, first, end) => _columns.Gather(from.Span, to.Span, first, end));
        _scatter = new ImagePass((from, to, first, end) => _columns.Scatter(from.Span, to.Span, first, end));
        _toImages = new ImagePass(ToImagesWithBias);
        _toImagesWithoutBias = new ImagePass((from, to, first, end) => ImageColumns.Transpose(from.Span, to.Span, OutputShape.Channels, OutputShape.Pixels, toRows: false, first, end));
        _toRows = new ImagePass((from, to, first, end) => ImageColumns.Transpose(from.Span, to.Span, OutputShape.Channels, OutputShape.Pixels, toRows: true, first, end));
    }

    /// <summary>The shape of an input image.</summary>
    public ImageShape InputShape { get; }

    /// <summary>The shape of an output image.</summary>
    public ImageShape OutputShape { get; }

    /// <summary>The weight, (OC, C·K·K) as PyTorch's (OC, C, K, K).</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias, (OC).</summary>
    public Parameter Bias => _bias;

    /// <summary>Whether <see cref="Backward"/> computes dL/dInput (off for a first layer, whose input is data).</summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>Whether <see cref="Backward"/> accumulates dL/dW and dL/db (off while a generator learns through a fixed critic).</summary>
    public bool ComputeParameterGradients { get; set; } = true;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [_weight, _bias];

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        _input = input;
        int b = input.Rows, positions = b * _columns.Positions, oc = OutputShape.Channels;
        var patches = Matrix.Reuse(ref _patches, positions, _columns.PatchSize);
        Run(_gather, input, patches, b);
        var rows = Matrix.Reuse(ref _rows, positions, oc); // one row per kernel position: out = patches · Wᵀ
        Gemm.MatMulTransB(patches.Span, _weight.Value, rows.Span, positions, oc, _columns.PatchSize);
        var output = Matrix.Reuse(ref _output, b, OutputWidth);
        Run(_toImages, rows, output, b);
        return output;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        CheckGradient(outputGradient, _input);
        int b = _input!.Rows, positions = b * _columns.Positions, oc = OutputShape.Channels;
        var rowGradient = Matrix.Reuse(ref _rowGradient, positions, oc);
        Run(_toRows, outputGradient, rowGradient, b);

        // out = patches · Wᵀ + b, so dW += doutᵀ · patches, db += Σ_positions dout, dpatches = dout · W
        if (ComputeParameterGradients)
        {
            Gemm.MatMulTransA(rowGradient.Span, _patches!.Span, _weight.Gradient, oc, _columns.PatchSize, positions, accumulate: true);
            Kernels.ColumnSums(rowGradient.Span, positions, _bias.Gradient, accumulate: true);
        }

        var inputGradient = Matrix.Reuse(ref _inputGradient, b, InputWidth);
        inputGradient.Clear();
        if (ComputeInputGradient)
        {
            var patchGradient = Matrix.Reuse(ref _patchGradient, positions, _columns.PatchSize);
            Gemm.MatMul(rowGradient.Span, _weight.Value, patchGradient.Span, positions, _columns.PatchSize, oc);
            Run(_scatter, patchGradient, inputGradient, b);
        }

        return inputGradient;
    }

    /// <summary>
    /// Double backpropagation through the last <see cref="Backward"/>'s input gradient, for a gradient penalty: that
    /// pass computed g = col2im(rows(u)·W) from its output gradient u, which is linear in both W and u. Given
    /// dL/dg (<paramref name="inputGradientGradient"/>, images of the input's shape), adds dL/dW = rows(u)ᵀ·im2col(dL/dg)
    /// to the weight's gradient and returns dL/du = the convolution of dL/dg without the bias (the bias moves no
    /// gradient). Overwrites the forward pass's patches, so it runs after every other backward of the step.
    /// </summary>
    internal Matrix BackwardThroughInputGradient(Matrix inputGradientGradient)
    {
        CheckInput(inputGradientGradient);
        int b = inputGradientGradient.Rows, positions = b * _columns.Positions, oc = OutputShape.Channels;
        if (_rowGradient is null || _rowGradient.Rows != positions)
        {
            throw new InvalidOperationException("BackwardThroughInputGradient follows a Backward of the same batch.");
        }

        var patches = Matrix.Reuse(ref _patches, positions, _columns.PatchSize);
        Run(_gather, inputGradientGradient, patches, b);
        Gemm.MatMulTransA(_rowGradient.Span, patches.Span, _weight.Gradient, oc, _columns.PatchSize, positions, accumulate: true);
        var rows = Matrix.Reuse(ref _rows, positions, oc);
        Gemm.MatMulTransB(patches.Span, _weight.Value, rows.Span, positions, oc, _columns.PatchSize);
        var output = Matrix.Reuse(ref _directionOutput, b, OutputWidth); // not the forward's output, which the next activation still reads
        Run(_toImagesWithoutBias, rows, output, b);
        return output;
    }

    private static void Run(ImagePass pass, Matrix from, Matrix to, int images) => pass.Run(from, to, images, (long)to.Rows * to.Cols);

    private void ToImagesWithBias(Matrix from, Matrix to, int first, int end)
    {
        var shape = OutputShape;
        ImageColumns.Transpose(from.Span, to.Span, shape.Channels, shape.Pixels, toRows: false, first, end);
        for (int i = first; i < end; i++)
        {
            var image = to.Row(i);
            for (int c = 0; c < shape.Channels; c++)
            {
                var plane = image.Slice(c * shape.Pixels, shape.Pixels);
                TensorPrimitives.Add(plane, _bias.Value[c], plane);
            }
        }
    }
}
