using System.Numerics.Tensors;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// Batch normalisation over the rows of a batch, per column: batch statistics while training
/// (updating running statistics), running statistics in inference. Matches PyTorch's BatchNorm1d
/// (biased variance to normalise, unbiased variance in the running estimate).
/// </summary>
internal sealed class BatchNorm1d : Layer
{
    private readonly Parameter _gamma;
    private readonly Parameter _beta;
    private readonly Parameter _runningMeanState;
    private readonly Parameter _runningVarState;
    private readonly float[] _runningMean;
    private readonly float[] _runningVar;
    private readonly float[] _mean;
    private readonly float[] _invStd;
    private readonly float[] _sumDy;
    private readonly float[] _sumDyXhat;
    private readonly float[] _scale;
    private Matrix? _normalized;
    private Matrix? _output;
    private Matrix? _inputGradient;
    private bool _lastWasTraining;
    private int _rows;

    /// <summary>Creates the layer: γ = 1, β = 0, running mean 0, running variance 1.</summary>
    public BatchNorm1d(int width, float epsilon = 1e-5f, float momentum = 0.1f, string name = "bn")
        : base(width, width)
    {
        Epsilon = epsilon;
        Momentum = momentum;
        _gamma = new Parameter(name + ".weight", 1, width);
        _beta = new Parameter(name + ".bias", 1, width);
        Array.Fill(_gamma.Value, 1f);
        _runningMeanState = new Parameter(name + ".running_mean", 1, width);
        _runningVarState = new Parameter(name + ".running_var", 1, width);
        _runningMean = _runningMeanState.Value;
        _runningVar = _runningVarState.Value;
        Array.Fill(_runningVar, 1f);
        _mean = new float[width];
        _invStd = new float[width];
        _sumDy = new float[width];
        _sumDyXhat = new float[width];
        _scale = new float[width];
    }

    /// <summary>Added to the variance before the square root. Default 1e-5.</summary>
    public float Epsilon { get; }

    /// <summary>Weight of the newest batch in the running statistics. Default 0.1.</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [_gamma, _beta];

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> State => [_runningMeanState, _runningVarState];

    /// <summary>Running mean per column (saved with the model; used in inference).</summary>
    public float[] RunningMean => _runningMean;

    /// <summary>Running variance per column (saved with the model; used in inference).</summary>
    public float[] RunningVariance => _runningVar;

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        int b = input.Rows, c = InputWidth;
        _rows = b;
        _lastWasTraining = training;
        var xhat = Matrix.Reuse(ref _normalized, b, c);
        var output = Matrix.Reuse(ref _output, b, c);
        if (training)
        {
            if (b < 2)
            {
                throw new ArgumentException("BatchNorm1d needs at least 2 rows per batch in training.", nameof(input));
            }

            // mean and biased variance per column, two passes in row order
            Kernels.ColumnSums(input.Span, b, _mean);
            Kernels.Scale(_mean, 1f / b);
            var variance = _invStd; // reuse: holds the variance until turned into 1/std
            variance.AsSpan().Clear();
            var deviation = _sumDy.AsSpan(); // scratch row, free until backward
            for (int r = 0; r < b; r++)
            {
                TensorPrimitives.Subtract(input.Row(r), _mean, deviation);
                TensorPrimitives.MultiplyAdd(deviation, deviation, variance, variance);
            }

            for (int j = 0; j < c; j++)
            {
                float biased = variance[j] / b;
                _runningMean[j] = ((1 - Momentum) * _runningMean[j]) + (Momentum * _mean[j]);
                _runningVar[j] = ((1 - Momentum) * _runningVar[j]) + (Momentum * variance[j] / (b - 1));
                _invStd[j] = 1f / MathF.Sqrt(biased + Epsilon);
            }
        }
        else
        {
            for (int j = 0; j < c; j++)
            {
                _mean[j] = _runningMean[j];
                _invStd[j] = 1f / MathF.Sqrt(_runningVar[j] + Epsilon);
            }
        }

        // xhat = (inp − mean) · invstd; out = γ · xhat + β
        for (int r = 0; r < b; r++)
        {
            var xh = xhat.Row(r);
            TensorPrimitives.Subtract(input.Row(r), _mean, xh);
            TensorPrimitives.Multiply(xh, _invStd, xh);
            TensorPrimitives.MultiplyAdd(xh, _gamma.Value, _beta.Value, output.Row(r));
        }

        return output;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        if (_normalized is null)
        {
            throw new InvalidOperationException("BatchNorm1d.Backward called before Forward.");
        }

        int b = _rows, c = InputWidth;
        var xhat = _normalized;
        var dx = Matrix.Reuse(ref _inputGradient, b, c);

        // out = γ·xhat + β, so dγ += Σ dout·xhat and dβ += Σ dout
        Array.Clear(_sumDy);
        Array.Clear(_sumDyXhat);
        for (int r = 0; r < b; r++)
        {
            var dy = outputGradient.Row(r);
            TensorPrimitives.Add(_sumDy, dy, _sumDy);
            TensorPrimitives.MultiplyAdd(dy, xhat.Row(r), _sumDyXhat, _sumDyXhat);
        }

        TensorPrimitives.Add(_gamma.Gradient, _sumDyXhat, _gamma.Gradient);
        TensorPrimitives.Add(_beta.Gradient, _sumDy, _beta.Gradient);

        // g = γ·invstd; training: dinp = g·(dout − mean(dout) − xhat·mean(dout·xhat)) because xhat
        // depends on every row through the batch statistics; inference: dinp = g·dout (constants)
        var scale = _scale.AsSpan(0, c);
        TensorPrimitives.Multiply(_gamma.Value, _invStd, scale);
        if (_lastWasTraining)
        {
            TensorPrimitives.Multiply(_sumDy, 1f / b, _sumDy);
            TensorPrimitives.Multiply(_sumDyXhat, 1f / b, _sumDyXhat);
        }

        for (int r = 0; r < b; r++)
        {
            var d = dx.Row(r);
            if (_lastWasTraining)
            {
                TensorPrimitives.Multiply(xhat.Row(r), _sumDyXhat, d);
                TensorPrimitives.Subtract(outputGradient.Row(r), d, d);
                TensorPrimitives.Subtract(d, _sumDy, d);
                TensorPrimitives.Multiply(d, scale, d);
            }
            else
            {
                TensorPrimitives.Multiply(outputGradient.Row(r), scale, d);
            }
        }

        return dx;
    }
}
