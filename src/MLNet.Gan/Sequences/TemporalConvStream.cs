using MLNet.Gan.Compute;

namespace MLNet.Gan.Sequences;

/// <summary>
/// A <see cref="TemporalConvNet"/> run one step at a time (the "fast WaveNet" queues, Paine et al.
/// 2016): every layer keeps its last d inputs, so a new step costs one row per layer instead of a pass
/// over the whole receptive field. Filtering a real history needs it, because each day's input (the
/// shock recovered the day before) depends on the network's output for that day; and so does
/// simulating paths forward from a filtered state. B independent streams run side by side (one row
/// each). The arithmetic is the network's own (the same weights, GEMM and activation), so a stream's
/// output equals <see cref="TemporalConvNet.Forward"/>'s for the same inputs to rounding. Buffers are
/// allocated once.
/// </summary>
internal sealed class TemporalConvStream
{
    private readonly TemporalConvNet _net;
    private readonly int _batch;
    private readonly float[][] _history; // per layer: (d + 1 slots, B, C_in) ring of the layer's inputs
    private readonly float[][] _activations; // per layer: (B, H), then the output (B, O)
    private readonly float[] _pairs; // (B, 2·max C_in)
    private int _steps;

    public TemporalConvStream(TemporalConvNet net, int batch)
    {
        (_net, _batch) = (net, batch);
        var convs = net.Convolutions;
        _history = [.. convs.Select(c => new float[(c.Dilation + 1) * batch * c.InputChannels])];
        _activations = [.. convs.Select(c => new float[batch * c.OutputChannels]), new float[batch * net.OutputLayer.OutputWidth]];
        _pairs = new float[batch * 2 * convs.Max(c => c.InputChannels)];
    }

    /// <summary>Streams side by side.</summary>
    public int Batch => _batch;

    /// <summary>Whether the last output saw a full receptive field of inputs (from the network's 2^K-th step on).</summary>
    public bool Ready => _steps >= _net.ReceptiveField;

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _steps = 0;
        foreach (var h in _history)
        {
            Array.Clear(h);
        }
    }

    /// <summary>Copies stream <paramref name="row"/> of <paramref name="source"/> (the same network) into every stream of this one.</summary>
    public void Broadcast(TemporalConvStream source, int row)
    {
        var convs = _net.Convolutions;
        for (int i = 0; i < convs.Count; i++)
        {
            int c = convs[i].InputChannels;
            for (int slot = 0; slot <= convs[i].Dilation; slot++)
            {
                var from = source._history[i].AsSpan(((slot * source._batch) + row) * c, c);
                for (int b = 0; b < _batch; b++)
                {
                    from.CopyTo(_history[i].AsSpan(((slot * _batch) + b) * c, c));
                }
            }
        }

        _steps = source._steps;
    }

    /// <summary>One step: <paramref name="input"/> is (B, input channels); returns the output (B, output channels), valid once <see cref="Ready"/>.</summary>
    public ReadOnlySpan<float> Step(ReadOnlySpan<float> input)
    {
        var convs = _net.Convolutions;
        ReadOnlySpan<float> x = input;
        for (int i = 0; i < convs.Count; i++)
        {
            var conv = convs[i];
            int c = conv.InputChannels, h = conv.OutputChannels, d = conv.Dilation, slots = d + 1;
            int now = _steps % slots, earlier = (_steps + slots - d) % slots; // the slot written d steps ago
            var history = _history[i];
            x[..(_batch * c)].CopyTo(history.AsSpan(now * _batch * c, _batch * c));
            var pairs = _pairs.AsSpan(0, _batch * 2 * c);
            for (int b = 0; b < _batch; b++)
            {
                // the convolution's pair: [the input d steps earlier | this step's input]
                history.AsSpan(((earlier * _batch) + b) * c, c).CopyTo(pairs.Slice(b * 2 * c, c));
                history.AsSpan(((now * _batch) + b) * c, c).CopyTo(pairs.Slice((b * 2 * c) + c, c));
            }

            var y = _activations[i].AsSpan();
            var parameters = conv.Parameters;
            Gemm.MatMul(pairs, parameters[0].Value, y, _batch, h, 2 * c);
            Kernels.AddRowVector(y, parameters[1].Value, _batch);
            float slope = _net.Slope;
            for (int k = 0; k < y.Length; k++)
            {
                y[k] = y[k] > 0 ? y[k] : slope * y[k];
            }

            if (i > 0)
            {
                Kernels.Add(history.AsSpan(now * _batch * c, _batch * c), y); // the residual: this step's input
            }

            x = y;
        }

        var output = _net.OutputLayer;
        var o = _activations[^1].AsSpan();
        Gemm.MatMul(x, output.Weight.Value, o, _batch, output.OutputWidth, output.InputWidth);
        Kernels.AddRowVector(o, output.Bias.Value, _batch);
        _steps++;
        return o;
    }
}
