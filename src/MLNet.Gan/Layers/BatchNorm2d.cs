using System.Numerics.Tensors;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// Batch normalisation of images (rows in NCHW order, <see cref="ImageShape"/>) per channel, over the
/// batch and every pixel: n = B·H·W values per channel. Batch statistics while training (updating the
/// running statistics), running statistics in inference; PyTorch's BatchNorm2d (biased variance to
/// normalise, unbiased in the running estimate). The channels are split between the compute threads,
/// each channel summed image by image in order, so results are bit-identical whatever the thread count.
/// </summary>
internal sealed class BatchNorm2d : Layer
{
    private readonly Parameter _gamma, _beta, _runningMean, _runningVar;
    private readonly float[] _mean, _invStd;
    private readonly ImagePass _forward, _backward;
    private Matrix? _input, _normalized, _output, _inputGradient;
    private bool _training;

    /// <summary>Creates the layer for images of <paramref name="shape"/>: γ = 1, β = 0, running mean 0, running variance 1.</summary>
    public BatchNorm2d(ImageShape shape, float epsilon = 1e-5f, float momentum = 0.1f, string name = "bn")
        : base(shape.Size, shape.Size)
    {
        shape.Check(nameof(shape));
        (Shape, Epsilon, Momentum) = (shape, epsilon, momentum);
        int c = shape.Channels;
        _gamma = new Parameter(name + ".weight", 1, c);
        _beta = new Parameter(name + ".bias", 1, c);
        _runningMean = new Parameter(name + ".running_mean", 1, c);
        _runningVar = new Parameter(name + ".running_var", 1, c);
        Array.Fill(_gamma.Value, 1f);
        Array.Fill(_runningVar.Value, 1f);
        _mean = new float[c];
        _invStd = new float[c];
        _forward = new ImagePass(ForwardChannels);
        _backward = new ImagePass(BackwardChannels);
    }

    /// <summary>The shape of an image.</summary>
    public ImageShape Shape { get; }

    /// <summary>Added to the variance before the square root. Default 1e-5.</summary>
    public float Epsilon { get; }

    /// <summary>Weight of the newest batch in the running statistics. Default 0.1.</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [_gamma, _beta];

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> State => [_runningMean, _runningVar];

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        if (training && input.Rows * Shape.Pixels < 2)
        {
            throw new ArgumentException("BatchNorm2d needs at least 2 values per channel in training.", nameof(input));
        }

        (_input, _training) = (input, training);
        Matrix.Reuse(ref _normalized, input.Rows, InputWidth);
        Matrix.Reuse(ref _output, input.Rows, OutputWidth);
        _forward.Run(input, _output!, Shape.Channels, (long)input.Rows * InputWidth);
        return _output!;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        CheckGradient(outputGradient, _input);
        Matrix.Reuse(ref _inputGradient, outputGradient.Rows, InputWidth);
        _backward.Run(outputGradient, _inputGradient!, Shape.Channels, (long)outputGradient.Rows * InputWidth);
        return _inputGradient!;
    }

    private void ForwardChannels(Matrix input, Matrix output, int first, int end)
    {
        int b = input.Rows, size = Shape.Pixels;
        long n = (long)b * size;
        for (int c = first; c < end; c++)
        {
            int at = c * size;
            float mean, invStd;
            if (_training)
            {
                double sum = 0;
                for (int i = 0; i < b; i++)
                {
                    sum += Kernels.Sum(input.Row(i).Slice(at, size));
                }

                mean = (float)(sum / n);
                double squares = 0; // Σ (x − mean)², the deviations kept in the normalised buffer
                for (int i = 0; i < b; i++)
                {
                    var deviation = _normalized!.Row(i).Slice(at, size);
                    TensorPrimitives.Subtract(input.Row(i).Slice(at, size), mean, deviation);
                    squares += TensorPrimitives.SumOfSquares(deviation);
                }

                invStd = 1f / MathF.Sqrt((float)(squares / n) + Epsilon);
                _runningMean.Value[c] = ((1 - Momentum) * _runningMean.Value[c]) + (Momentum * mean);
                _runningVar.Value[c] = ((1 - Momentum) * _runningVar.Value[c]) + (Momentum * (float)(squares / (n - 1)));
            }
            else
            {
                mean = _runningMean.Value[c];
                invStd = 1f / MathF.Sqrt(_runningVar.Value[c] + Epsilon);
            }

            (_mean[c], _invStd[c]) = (mean, invStd);
            for (int i = 0; i < b; i++)
            {
                var xhat = _normalized!.Row(i).Slice(at, size);
                if (!_training)
                {
                    TensorPrimitives.Subtract(input.Row(i).Slice(at, size), mean, xhat);
                }

                TensorPrimitives.Multiply(xhat, invStd, xhat);
                var y = output.Row(i).Slice(at, size);
                TensorPrimitives.Multiply(xhat, _gamma.Value[c], y);
                TensorPrimitives.Add(y, _beta.Value[c], y);
            }
        }
    }

    private void BackwardChannels(Matrix outputGradient, Matrix inputGradient, int first, int end)
    {
        int b = _input!.Rows, size = Shape.Pixels;
        long n = (long)b * size;
        for (int c = first; c < end; c++)
        {
            int at = c * size;

            // out = γ·xhat + β, so dγ += Σ dout·xhat and dβ += Σ dout
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < b; i++)
            {
                var dy = outputGradient.Row(i).Slice(at, size);
                sumDy += Kernels.Sum(dy);
                sumDyXhat += TensorPrimitives.Dot(dy, _normalized!.Row(i).Slice(at, size));
            }

            _gamma.Gradient[c] += (float)sumDyXhat;
            _beta.Gradient[c] += (float)sumDy;

            // g = γ·invstd; training: dinp = g·(dout − mean(dout) − xhat·mean(dout·xhat)), because xhat
            // depends on every value of the channel through the batch statistics; inference: dinp = g·dout
            float scale = _gamma.Value[c] * _invStd[c];
            float meanDy = _training ? (float)(sumDy / n) : 0f, meanDyXhat = _training ? (float)(sumDyXhat / n) : 0f;
            for (int i = 0; i < b; i++)
            {
                var dx = inputGradient.Row(i).Slice(at, size);
                TensorPrimitives.Multiply(_normalized!.Row(i).Slice(at, size), -meanDyXhat, dx);
                TensorPrimitives.Add(dx, outputGradient.Row(i).Slice(at, size), dx);
                TensorPrimitives.Add(dx, -meanDy, dx);
                TensorPrimitives.Multiply(dx, scale, dx);
            }
        }
    }
}
