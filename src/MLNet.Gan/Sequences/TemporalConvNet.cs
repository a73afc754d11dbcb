using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Sequences;

/// <summary>
/// A temporal convolutional network (Quant GANs, Wiese et al. 2020): causal convolutions of kernel 2
/// with dilations 1, 2, 4, …, 2^(K−1), each followed by LeakyReLU and, from the second on, a residual
/// connection; then a per-step linear map to the output channels. Its receptive field is 2^K steps, so
/// B sequences of L steps give B sequences of L − 2^K + 1 outputs, each a function of the 2^K steps up to
/// it. Dimension letters: B sequences, L steps, H hidden channels.
/// </summary>
internal sealed class TemporalConvNet
{
    private readonly DilatedCausalConv[] _convs;
    private readonly LeakyReLU[] _activations;
    private readonly Linear _output;
    private readonly Matrix?[] _sums;
    private int _batch;
    private int[] _lengths = [];

    public TemporalConvNet(int inputChannels, int hidden, int outputChannels, int layers, float slope, RandomStream init, string name)
    {
        _convs = new DilatedCausalConv[layers];
        _activations = new LeakyReLU[layers];
        for (int i = 0; i < layers; i++)
        {
            _convs[i] = new DilatedCausalConv(i == 0 ? inputChannels : hidden, hidden, 1 << i, init, $"{name}.conv{i}");
            _activations[i] = new LeakyReLU(hidden, slope);
        }

        _output = new Linear(hidden, outputChannels, init, $"{name}.output");
        _sums = new Matrix?[layers];
        ReceptiveField = 1 << layers;
    }

    /// <summary>Steps each output sees: 2^K.</summary>
    public int ReceptiveField { get; }

    /// <summary>The dilated convolutions, first to last (read by <see cref="TemporalConvStream"/>).</summary>
    internal IReadOnlyList<DilatedCausalConv> Convolutions => _convs;

    /// <summary>The per-step output map.</summary>
    internal Linear OutputLayer => _output;

    /// <summary>The LeakyReLU slope after every convolution.</summary>
    internal float Slope => _activations[0].Slope;

    public IReadOnlyList<Parameter> Parameters => [.. _convs.SelectMany(c => c.Parameters), .. _output.Parameters];

    /// <summary>Off: backward leaves the parameter gradients alone (the critic while the generator learns).</summary>
    public bool ComputeParameterGradients
    {
        set
        {
            foreach (var c in _convs)
            {
                c.ComputeParameterGradients = value;
            }

            _output.ComputeParameterGradients = value;
        }
    }

    /// <summary>Off: no input gradient (a generator's noise).</summary>
    public bool ComputeInputGradient
    {
        set => _convs[0].ComputeInputGradient = value;
    }

    /// <summary>B·L rows of input channels → B·(L − 2^K + 1) rows of output channels.</summary>
    public Matrix Forward(Matrix input, int batch, bool training)
    {
        _batch = batch;
        if (_lengths.Length != _convs.Length + 1)
        {
            _lengths = new int[_convs.Length + 1];
        }

        _lengths[0] = input.Rows / batch;
        var x = input;
        for (int i = 0; i < _convs.Length; i++)
        {
            var a = _activations[i].Forward(_convs[i].Forward(x, batch, training), training);
            int d = _convs[i].Dilation, inLength = _lengths[i], outLength = inLength - d;
            _lengths[i + 1] = outLength;
            if (i == 0)
            {
                x = a;
                continue;
            }

            // residual: output step t adds the input step it is aligned with (t + d of the input)
            var sum = _sums[i] ??= new Matrix(a.Rows, a.Cols);
            sum.SetRows(a.Rows);
            for (int b = 0; b < batch; b++)
            {
                for (int t = 0; t < outLength; t++)
                {
                    var row = sum.Row((b * outLength) + t);
                    a.Row((b * outLength) + t).CopyTo(row);
                    Kernels.Add(x.Row((b * inLength) + t + d), row);
                }
            }

            x = sum;
        }

        return _output.Forward(x, training);
    }

    /// <summary>Backpropagates dL/dOutput; accumulates the parameter gradients; returns dL/dInput (or null when not computed).</summary>
    public Matrix? Backward(Matrix outputGradient)
    {
        var d = _output.Backward(outputGradient);
        for (int i = _convs.Length - 1; i >= 0; i--)
        {
            var dx = _convs[i].Backward(_activations[i].Backward(d));
            if (i == 0)
            {
                return dx;
            }

            // the residual path: dL/dx[t + d] += dL/dsum[t]
            int dilation = _convs[i].Dilation, inLength = _lengths[i], outLength = _lengths[i + 1];
            for (int b = 0; b < _batch; b++)
            {
                for (int t = 0; t < outLength; t++)
                {
                    Kernels.Add(d.Row((b * outLength) + t), dx!.Row((b * inLength) + t + dilation));
                }
            }

            d = dx!; // each convolution owns its gradient buffer, so the layer below cannot overwrite it
        }

        return null;
    }
}
