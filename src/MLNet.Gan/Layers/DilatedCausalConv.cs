using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// A causal convolution over time with kernel size 2 and dilation d (WaveNet, Quant GANs): for each of
/// B sequences of L steps laid out as B·L rows of C channels, output step t (of L − d) is
/// [xₜ | xₜ₊d] · W + b, W of (2C, C′): the step sees itself and the step d earlier, never later. The
/// pairs are gathered into a buffer and multiplied by one <see cref="Linear"/> (its GEMM, its
/// backward); backward scatters the pair gradient back onto both steps. Buffers are allocated once
/// per shape.
/// </summary>
internal sealed class DilatedCausalConv
{
    private readonly Linear _linear;
    private Matrix? _pairs, _inputGradient;
    private int _batch, _length;

    /// <summary>Creates the convolution from <paramref name="inputChannels"/> to <paramref name="outputChannels"/> with dilation <paramref name="dilation"/>.</summary>
    public DilatedCausalConv(int inputChannels, int outputChannels, int dilation, RandomStream init, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        InputChannels = inputChannels;
        Dilation = dilation;
        _linear = new Linear(2 * inputChannels, outputChannels, init, name);
    }

    /// <summary>Channels in.</summary>
    public int InputChannels { get; }

    /// <summary>Channels out.</summary>
    public int OutputChannels => _linear.OutputWidth;

    /// <summary>The dilation d: the output is d steps shorter than the input.</summary>
    public int Dilation { get; }

    /// <summary>W (2C, C′) and b.</summary>
    public IReadOnlyList<Parameter> Parameters => _linear.Parameters;

    /// <summary>Whether backward accumulates the parameter gradients (off while a generator learns through a fixed critic).</summary>
    public bool ComputeParameterGradients
    {
        get => _linear.ComputeParameterGradients;
        set => _linear.ComputeParameterGradients = value;
    }

    /// <summary>Whether backward computes the input gradient (off for the first layer of a generator, whose input is noise).</summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>Convolves <paramref name="batch"/> sequences (B·L rows) into B·(L − d) rows.</summary>
    public Matrix Forward(Matrix input, int batch, bool training)
    {
        if (input.Cols != InputChannels || input.Rows % batch != 0)
        {
            throw new ArgumentException($"Expected {batch} sequences of {InputChannels} channels; got {input.Rows} rows of {input.Cols}.", nameof(input));
        }

        int length = input.Rows / batch, outLength = length - Dilation, c = InputChannels;
        if (outLength < 1)
        {
            throw new ArgumentException($"Sequences of {length} steps are too short for dilation {Dilation}.", nameof(input));
        }

        (_batch, _length) = (batch, length);
        var pairs = Matrix.Reuse(ref _pairs, batch * outLength, 2 * c);
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < outLength; t++)
            {
                var row = pairs.Row((b * outLength) + t);
                input.Row((b * length) + t).CopyTo(row);
                input.Row((b * length) + t + Dilation).CopyTo(row[c..]);
            }
        }

        return _linear.Forward(pairs, training);
    }

    /// <summary>Backpropagates dL/dOutput (B·(L − d) rows): accumulates the parameter gradients, returns dL/dInput (B·L rows) or null.</summary>
    public Matrix? Backward(Matrix outputGradient)
    {
        _linear.ComputeInputGradient = ComputeInputGradient;
        var dPairs = _linear.Backward(outputGradient);
        if (!ComputeInputGradient)
        {
            return null;
        }

        int outLength = _length - Dilation, c = InputChannels;
        var dx = Matrix.Reuse(ref _inputGradient, _batch * _length, c);
        dx.Clear();
        for (int b = 0; b < _batch; b++)
        {
            for (int t = 0; t < outLength; t++)
            {
                var d = dPairs.Row((b * outLength) + t);
                Kernels.Add(d[..c], dx.Row((b * _length) + t));
                Kernels.Add(d[c..], dx.Row((b * _length) + t + Dilation));
            }
        }

        return dx;
    }
}
