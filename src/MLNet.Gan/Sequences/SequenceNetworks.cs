using MLNet.Gan.Compute;

namespace MLNet.Gan.Sequences;

/// <summary>
/// The generator of return paths: a stochastic-volatility network (Quant GANs' SVNN). For every day t a
/// temporal convolutional network reads its inputs over its receptive field and gives a drift μₜ and a
/// log-volatility log σₜ per asset; the day's value is μₜ + σₜ·εₜ with the innovation
/// εₜ = W_δ(Zₜ) = Zₜ·exp(δZₜ²/2) of a standard normal Zₜ (Lambert W, one δ for each side): the tails of
/// the innovations are the asset's, those that make the series' GARCH(1,1)-t residuals Gaussian. (Trained
/// as a parameter, δ fell to half of it — the step-size knob cheapest to turn for the spread — and the
/// generated tails got lighter: measured, so it is held.) Volatility that depends on past shocks is what makes clustering and the leverage effect (a
/// falling day raising the next day's σ) learnable. The inputs per day: for several assets fresh
/// Gaussian noise (what moves them together on the same day; with one asset none, so drift and
/// volatility are functions of past shocks as in GARCH), Zₜ₋₁ and |Zₜ₋₁|, and the shocks' memory
/// (<see cref="InnovationMemory"/>: exponentially weighted means of past Z
/// and |Z| with half-lives up to two years), which carries shocks further back than the receptive field —
/// the S&amp;P 500's volatility stays correlated 100 days on. The inputs are the Gaussian Z rather than ε
/// so that they do not depend on δ (W_δ is monotone: the same information). Values are in the space of
/// <see cref="AssetTransform"/>. Buffers are allocated once per shape.
/// </summary>
internal sealed class SequenceGenerator
{
    private const float MinLogVolatility = -6f, MaxLogVolatility = 3f;

    /// <summary>
    /// The largest drift, in standard deviations of the series: μₜ = D·tanh(h ÷ D) of the network's head h.
    /// A daily drift is a small fraction of the day's spread (the S&amp;P 500's mean return is 0.02 of its
    /// standard deviation, its autocorrelation at lag 1 under 0.1). Unbounded, the drift learned to swing
    /// with past shocks (up to 3 standard deviations after a run of falls): paths with a mean reversion
    /// at lag 2 of −0.11 to −0.14, and a generator that cannot be inverted — filtering a real history
    /// through it diverged within days, each recovered shock moving the next drift further than the day's
    /// spread. Bounded, a wrong shock moves the next day's drift by at most 2D.
    /// </summary>
    internal const float MaxDrift = 0.1f;

    /// <summary>The largest δ: W_δ(Z) has a finite fourth moment only below 1/4.</summary>
    internal const float MaxTail = 0.25f;

    private readonly int _noise, _assets;
    private readonly InnovationMemory _memory;
    private readonly float[] _leftTail, _rightTail;
    private Matrix? _input, _output, _outputGradient, _heads;
    private float[] _shocks = [], _burnIn = [];
    private int _batch, _days;

    public SequenceGenerator(int noiseChannels, (double Left, double Right)[] tails, int hidden, int layers, RandomStream init)
    {
        int assets = tails.Length;
        (_noise, _assets) = (noiseChannels, assets);
        _memory = new InnovationMemory(assets);
        Network = new TemporalConvNet(noiseChannels + (2 * assets) + _memory.Features, hidden, 2 * assets, layers, 0.2f, init, "generator");
        Network.ComputeInputGradient = false; // its inputs are noise and shocks
        _leftTail = [.. tails.Select(t => (float)t.Left)];
        _rightTail = [.. tails.Select(t => (float)t.Right)];
    }

    public TemporalConvNet Network { get; }

    public int ReceptiveField => Network.ReceptiveField;

    /// <summary>Assets generated jointly.</summary>
    public int Assets => _assets;

    /// <summary>Fresh noise channels per day (0: the state is a function of past shocks only, and can be filtered).</summary>
    public int NoiseChannels => _noise;

    /// <summary>Inputs per day: noise, the last shocks and their sizes, the memory.</summary>
    public int InputWidth => _noise + (2 * _assets) + _memory.Features;

    /// <summary>
    /// Writes one day's inputs without noise: the previous day's shocks, their sizes and the memory's
    /// state (of a memory of its own: <see cref="SeriesFilter"/> runs one per stream).
    /// </summary>
    internal void WriteInputs(Span<float> row, ReadOnlySpan<float> previous, ReadOnlySpan<float> previousSizes, InnovationMemory memory)
    {
        row[.._noise].Clear();
        previous.CopyTo(row[_noise..]);
        previousSizes.CopyTo(row[(_noise + _assets)..]);
        memory.Write(row[(_noise + (2 * _assets))..]);
    }

    /// <summary>μ = D·tanh(h ÷ D): the drift of a head h, bounded by <see cref="MaxDrift"/>.</summary>
    internal static float Drift(float head) => MaxDrift * MathF.Tanh(head / MaxDrift);

    /// <summary>σ = exp(log σ) with log σ held where generation holds it.</summary>
    internal static float Volatility(float logVolatility) => MathF.Exp(Math.Clamp(logVolatility, MinLogVolatility, MaxLogVolatility));

    /// <summary>The δ of the left (Z &lt; 0) and right tails of an asset's innovations.</summary>
    internal (float Left, float Right) Tails(int asset) => (_leftTail[asset], _rightTail[asset]);

    /// <summary>B paths of <paramref name="days"/> days (B·days rows of assets), drawing the noise and shocks from <paramref name="rng"/>.</summary>
    public Matrix Forward(int batch, int days, RandomStream rng, bool training)
    {
        int steps = days + ReceptiveField - 1, width = _noise + (2 * _assets) + _memory.Features;
        (_batch, _days) = (batch, days);
        var input = Matrix.Reuse(ref _input, batch * steps, width);
        if (_shocks.Length < batch * steps * _assets)
        {
            _shocks = new float[batch * steps * _assets];
        }

        if (_burnIn.Length < batch * InnovationMemory.BurnIn * _assets)
        {
            _burnIn = new float[batch * InnovationMemory.BurnIn * _assets];
        }

        var shocks = _shocks.AsSpan(0, batch * steps * _assets);
        var burnIn = _burnIn.AsSpan(0, batch * InnovationMemory.BurnIn * _assets);
        rng.FillNormal(shocks);
        rng.FillNormal(burnIn);
        for (int b = 0; b < batch; b++)
        {
            // the memory starts a path from the shocks of the days before it
            var pathBurnIn = burnIn.Slice(b * InnovationMemory.BurnIn * _assets, InnovationMemory.BurnIn * _assets);
            _memory.Reset(pathBurnIn);
            ReadOnlySpan<float> previous = pathBurnIn[^_assets..];
            for (int t = 0; t < steps; t++)
            {
                // the network at day t sees fresh noise, the shock of day t − 1 and its size (|Z| makes
                // volatility clustering a linear function of past shocks, as in GARCH) and the memory
                var row = input.Row((b * steps) + t);
                rng.FillNormal(row[.._noise]);
                for (int a = 0; a < _assets; a++)
                {
                    row[_noise + a] = previous[a];
                    row[_noise + _assets + a] = MathF.Abs(previous[a]);
                }

                _memory.Write(row[(_noise + (2 * _assets))..]);
                previous = shocks.Slice(((b * steps) + t) * _assets, _assets);
                _memory.Update(previous);
            }
        }

        var heads = _heads = Network.Forward(input, batch, training); // (B·days, 2A): μ | log σ
        var output = Matrix.Reuse(ref _output, batch * days, _assets);
        for (int b = 0; b < batch; b++)
        {
            for (int s = 0; s < days; s++)
            {
                var h = heads.Row((b * days) + s);
                var z = shocks.Slice(((b * steps) + s + ReceptiveField - 1) * _assets, _assets);
                var r = output.Row((b * days) + s);
                for (int a = 0; a < _assets; a++)
                {
                    r[a] = Drift(h[a]) + (Volatility(h[_assets + a]) * Innovation(z[a], a));
                }
            }
        }

        return output;
    }

    /// <summary>W_δ(z) with the δ of z's side.</summary>
    internal float Innovation(float z, int asset) => z * MathF.Exp((z < 0 ? _leftTail[asset] : _rightTail[asset]) * z * z / 2);

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
                var z = _shocks.AsSpan(((b * steps) + s + ReceptiveField - 1) * _assets, _assets);
                for (int a = 0; a < _assets; a++)
                {
                    // value = μ + σ·W_δ(Z): d/dμ = 1, d/dlog σ = σ·W_δ(Z)
                    float logSigma = h[_assets + a];
                    bool inside = logSigma is > MinLogVolatility and < MaxLogVolatility;
                    float scaled = MathF.Exp(Math.Clamp(logSigma, MinLogVolatility, MaxLogVolatility)) * Innovation(z[a], a);
                    float drift = MathF.Tanh(h[a] / MaxDrift);
                    d[a] = dr[a] * (1 - (drift * drift)); // dμ/dh = 1 − tanh²(h ÷ D)
                    d[_assets + a] = inside ? dr[a] * scaled : 0f;
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
