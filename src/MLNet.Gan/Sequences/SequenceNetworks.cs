using MLNet.Gan.Compute;

namespace MLNet.Gan.Sequences;

/// <summary>
/// The generator of return paths: a stochastic-volatility network (Quant GANs' SVNN). For every day t a
/// temporal convolutional network reads Gaussian noise zₜ and the previous day's innovation εₜ₋₁ over
/// its receptive field and gives a drift μₜ and a log-volatility log σₜ per asset; the day's value is
/// μₜ + σₜ·εₜ with a fresh εₜ ~ N(0, 1). Volatility that depends on past innovations is what makes
/// clustering and the leverage effect (a falling day raising the next day's σ) learnable. Values are in
/// the transformed space of <see cref="AssetTransform"/>. Buffers are allocated once per shape.
/// The network's inputs per day: the noise, εₜ₋₁ and |εₜ₋₁|.
/// </summary>
internal sealed class SequenceGenerator
{
    private const float MinLogVolatility = -6f, MaxLogVolatility = 3f;

    private readonly int _noise, _assets;
    private Matrix? _input, _output, _outputGradient, _heads;
    private float[] _innovations = [];
    private int _batch, _days;

    public SequenceGenerator(int noiseChannels, int assets, int hidden, int layers, RandomStream init)
    {
        (_noise, _assets) = (noiseChannels, assets);
        Network = new TemporalConvNet(noiseChannels + (2 * assets), hidden, 2 * assets, layers, 0.2f, init, "generator");
        Network.ComputeInputGradient = false; // its inputs are noise
    }

    public TemporalConvNet Network { get; }

    public int NoiseChannels => _noise;

    public int ReceptiveField => Network.ReceptiveField;

    /// <summary>B paths of <paramref name="days"/> days (B·days rows of assets), drawing z and ε from <paramref name="rng"/>.</summary>
    public Matrix Forward(int batch, int days, RandomStream rng, bool training)
    {
        int steps = days + ReceptiveField - 1, width = _noise + (2 * _assets);
        (_batch, _days) = (batch, days);
        var input = Matrix.Reuse(ref _input, batch * steps, width);
        if (_innovations.Length < batch * steps * _assets)
        {
            _innovations = new float[batch * steps * _assets];
        }

        var eps = _innovations.AsSpan(0, batch * steps * _assets);
        rng.FillNormal(eps);
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                // the network at day t sees fresh noise, and the innovation of day t − 1 and its size
                // (|ε| makes volatility clustering a linear function of past shocks, as in GARCH)
                var row = input.Row((b * steps) + t);
                rng.FillNormal(row[.._noise]);
                for (int a = 0; a < _assets; a++)
                {
                    float previous = t > 0 ? eps[(((b * steps) + t - 1) * _assets) + a] : 0f;
                    row[_noise + a] = previous;
                    row[_noise + _assets + a] = MathF.Abs(previous);
                }
            }
        }

        var heads = _heads = Network.Forward(input, batch, training); // (B·days, 2A): μ | log σ
        var output = Matrix.Reuse(ref _output, batch * days, _assets);
        for (int b = 0; b < batch; b++)
        {
            for (int s = 0; s < days; s++)
            {
                var h = heads.Row((b * days) + s);
                var e = eps.Slice(((b * steps) + s + ReceptiveField - 1) * _assets, _assets);
                var r = output.Row((b * days) + s);
                for (int a = 0; a < _assets; a++)
                {
                    r[a] = h[a] + (MathF.Exp(Math.Clamp(h[_assets + a], MinLogVolatility, MaxLogVolatility)) * e[a]);
                }
            }
        }

        return output;
    }

    /// <summary>Backpropagates dL/dvalues of the last forward pass into the network's parameter gradients.</summary>
    public void Backward(Matrix valueGradient)
    {
        var heads = _heads!;
        int steps = _days + ReceptiveField - 1;
        var dHeads = Matrix.Reuse(ref _outputGradient, _batch * _days, 2 * _assets);
        for (int b = 0; b < _batch; b++)
        {
            for (int s = 0; s < _days; s++)
            {
                var dr = valueGradient.Row((b * _days) + s);
                var h = heads.Row((b * _days) + s);
                var d = dHeads.Row((b * _days) + s);
                var e = _innovations.AsSpan(((b * steps) + s + ReceptiveField - 1) * _assets, _assets);
                for (int a = 0; a < _assets; a++)
                {
                    float logSigma = h[_assets + a];
                    bool inside = logSigma is > MinLogVolatility and < MaxLogVolatility;
                    d[a] = dr[a];
                    d[_assets + a] = inside ? dr[a] * MathF.Exp(logSigma) * e[a] : 0f;
                }
            }
        }

        Network.Backward(dHeads);
    }

}

/// <summary>
/// The discriminator: a temporal convolutional network over each day's values and their absolute
/// values (so that clustering of large moves is as visible as their sign), scoring every day whose
/// receptive field lies inside the window.
/// </summary>
internal sealed class SequenceCritic
{
    private readonly int _assets;
    private Matrix? _features, _inputGradient;
    private Matrix? _input;

    public SequenceCritic(int assets, int hidden, int layers, RandomStream init)
    {
        _assets = assets;
        Network = new TemporalConvNet(2 * assets, hidden, 1, layers, 0.2f, init, "discriminator");
    }

    public TemporalConvNet Network { get; }

    /// <summary>Whether backward computes dL/dvalues (for the generator's step).</summary>
    public bool ComputeInputGradient { get; set; }

    /// <summary>Scores B windows (B·L rows of assets): B·(L − 2^K + 1) logits.</summary>
    public Matrix Forward(Matrix values, int batch)
    {
        _input = values;
        var features = _features ??= new Matrix(values.Rows, 2 * _assets);
        features.SetRows(values.Rows);
        for (int r = 0; r < values.Rows; r++)
        {
            var x = values.Row(r);
            var f = features.Row(r);
            for (int a = 0; a < _assets; a++)
            {
                f[a] = x[a];
                f[_assets + a] = MathF.Abs(x[a]);
            }
        }

        Network.ComputeInputGradient = ComputeInputGradient;
        return Network.Forward(features, batch, training: true);
    }

    /// <summary>Backpropagates dL/dlogits; returns dL/dvalues when <see cref="ComputeInputGradient"/>.</summary>
    public Matrix? Backward(Matrix scoreGradient)
    {
        var dFeatures = Network.Backward(scoreGradient);
        if (!ComputeInputGradient)
        {
            return null;
        }

        var values = _input!;
        var dx = _inputGradient ??= new Matrix(values.Rows, _assets);
        dx.SetRows(values.Rows);
        for (int r = 0; r < values.Rows; r++)
        {
            var x = values.Row(r);
            var df = dFeatures!.Row(r);
            var d = dx.Row(r);
            for (int a = 0; a < _assets; a++)
            {
                d[a] = df[a] + (x[a] > 0 ? df[_assets + a] : x[a] < 0 ? -df[_assets + a] : 0f);
            }
        }

        return dx;
    }
}
