using System.Numerics.Tensors;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// A transposed 2-D convolution (the adjoint of <see cref="Conv2d"/> in its input: every input pixel
/// spreads a K×K kernel of every output channel onto the output, s pixels apart): C×H×W maps to
/// OC×H′×W′ with H′ = (H − 1)·s − 2p + K + op, as PyTorch's ConvTranspose2d with padding p and output
/// padding op (DCGAN's "same" 5×5 stride-2 upsampling, H′ = 2H, is p = 2, op = 1). The weight is
/// PyTorch's, (C, OC·K·K). Forward is one GEMM (a row per input pixel times the weight gives that
/// pixel's patch of the output) and a scatter of the patches (col2im); backward gathers the output
/// gradient's patches (im2col) and runs the two transposed GEMMs. Per-image passes split the batch by
/// whole images, so results are bit-identical whatever the thread count.
/// </summary>
internal sealed class ConvTranspose2d : Layer
{
    private readonly ImageColumns _columns; // the patches of the output that each input pixel writes
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly ImagePass _toRows, _scatter, _gather, _toImages;
    private Matrix? _input, _rows, _patches, _output, _patchGradient, _rowGradient, _inputGradient;

    /// <summary>
    /// Creates the layer with PyTorch's default initialisation: weight (and bias when <paramref name="bias"/>)
    /// ~ U(−1/√(OC·K·K), 1/√(OC·K·K)). <paramref name="outputPadding"/> must be less than <paramref name="stride"/>.
    /// </summary>
    public ConvTranspose2d(ImageShape input, int outputChannels, int kernel, int stride, int padding, int outputPadding, RandomStream rng, bool bias = true, string name = "deconv")
        : this(Columns(input, outputChannels, kernel, stride, padding, outputPadding), input, rng, bias, name)
    {
    }

    private ConvTranspose2d(ImageColumns columns, ImageShape input, RandomStream rng, bool bias, string name)
        : base(input.Size, columns.Image.Size)
    {
        _columns = columns;
        InputShape = input;
        OutputShape = columns.Image;
        _weight = new Parameter(name + ".weight", input.Channels, columns.PatchSize);
        float bound = 1f / MathF.Sqrt(columns.PatchSize);
        _weight.InitUniform(rng, bound);
        if (bias)
        {
            _bias = new Parameter(name + ".bias", 1, OutputShape.Channels);
            _bias.InitUniform(rng, bound);
        }

        _toRows = new ImagePass((from, to, first, end) => ImageColumns.Transpose(from.Span, to.Span, InputShape.Channels, InputShape.Pixels, toRows: true, first, end));
        _scatter = new ImagePass(ScatterWithBias);
        _gather = new ImagePass((from, to, first, end) => _columns.Gather(from.Span, to.Span, first, end));
        _toImages = new ImagePass((from, to, first, end) => ImageColumns.Transpose(from.Span, to.Span, InputShape.Channels, InputShape.Pixels, toRows: false, first, end));
    }

    /// <summary>The shape of an input image.</summary>
    public ImageShape InputShape { get; }

    /// <summary>The shape of an output image.</summary>
    public ImageShape OutputShape { get; }

    /// <summary>The weight, (C, OC·K·K) as PyTorch's (C, OC, K, K).</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias, (OC), or null when made without one.</summary>
    public Parameter? Bias => _bias;

    /// <summary>Whether <see cref="Backward"/> computes dL/dInput.</summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>Whether <see cref="Backward"/> accumulates the parameter gradients.</summary>
    public bool ComputeParameterGradients { get; set; } = true;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _bias is null ? [_weight] : [_weight, _bias];

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        _input = input;
        int b = input.Rows, pixels = b * InputShape.Pixels, c = InputShape.Channels;
        var rows = Matrix.Reuse(ref _rows, pixels, c);
        Run(_toRows, input, rows, b);
        var patches = Matrix.Reuse(ref _patches, pixels, _columns.PatchSize); // each input pixel's patch of the output: rows · W
        Gemm.MatMul(rows.Span, _weight.Value, patches.Span, pixels, _columns.PatchSize, c);
        var output = Matrix.Reuse(ref _output, b, OutputWidth);
        Run(_scatter, patches, output, b);
        return output;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        CheckGradient(outputGradient, _input);
        int b = _input!.Rows, pixels = b * InputShape.Pixels, c = InputShape.Channels;
        var patchGradient = Matrix.Reuse(ref _patchGradient, pixels, _columns.PatchSize);
        Run(_gather, outputGradient, patchGradient, b);

        // patches = rows · W, so dW += rowsᵀ · dpatches and drows = dpatches · Wᵀ; db sums dout per channel
        if (ComputeParameterGradients)
        {
            Gemm.MatMulTransA(_rows!.Span, patchGradient.Span, _weight.Gradient, c, _columns.PatchSize, pixels, accumulate: true);
            if (_bias is not null)
            {
                int planes = OutputShape.Channels, size = OutputShape.Pixels;
                for (int i = 0; i < b; i++)
                {
                    var image = outputGradient.Row(i);
                    for (int ch = 0; ch < planes; ch++)
                    {
                        _bias.Gradient[ch] += Kernels.Sum(image.Slice(ch * size, size));
                    }
                }
            }
        }

        var inputGradient = Matrix.Reuse(ref _inputGradient, b, InputWidth);
        if (ComputeInputGradient)
        {
            var rowGradient = Matrix.Reuse(ref _rowGradient, pixels, c);
            Gemm.MatMulTransB(patchGradient.Span, _weight.Value, rowGradient.Span, pixels, c, _columns.PatchSize);
            Run(_toImages, rowGradient, inputGradient, b);
        }
        else
        {
            inputGradient.Clear();
        }

        return inputGradient;
    }

    private static ImageColumns Columns(ImageShape input, int outputChannels, int kernel, int stride, int padding, int outputPadding)
    {
        input.Check(nameof(input));
        ArgumentOutOfRangeException.ThrowIfLessThan(outputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (outputPadding < 0 || outputPadding >= stride)
        {
            throw new ArgumentOutOfRangeException(nameof(outputPadding), $"The output padding must be in [0, stride = {stride}); got {outputPadding}.");
        }

        int height = ((input.Height - 1) * stride) - (2 * padding) + kernel + outputPadding;
        int width = ((input.Width - 1) * stride) - (2 * padding) + kernel + outputPadding;
        if (height < 1 || width < 1)
        {
            throw new ArgumentException($"A {kernel}×{kernel} kernel with stride {stride} and padding {padding} leaves no output for a {input.Height}×{input.Width} image.");
        }

        var columns = new ImageColumns(new ImageShape(outputChannels, height, width), kernel, stride, padding);
        if (columns.OutHeight != input.Height || columns.OutWidth != input.Width)
        {
            throw new ArgumentException($"The transposed convolution's geometry does not invert: {columns.OutHeight}×{columns.OutWidth} kernel positions for a {input.Height}×{input.Width} input.");
        }

        return columns;
    }

    private static void Run(ImagePass pass, Matrix from, Matrix to, int images) => pass.Run(from, to, images, (long)from.Rows * from.Cols);

    private void ScatterWithBias(Matrix patches, Matrix output, int first, int end)
    {
        for (int i = first; i < end; i++)
        {
            output.Row(i).Clear();
        }

        _columns.Scatter(patches.Span, output.Span, first, end);
        if (_bias is null)
        {
            return;
        }

        int planes = OutputShape.Channels, size = OutputShape.Pixels;
        for (int i = first; i < end; i++)
        {
            var image = output.Row(i);
            for (int c = 0; c < planes; c++)
            {
                var plane = image.Slice(c * size, size);
                TensorPrimitives.Add(plane, _bias.Value[c], plane);
            }
        }
    }
}
