using MathNet.Numerics.Distributions;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Sequences;

/// <summary>
/// A real history run through a trained sequence GAN, as a GARCH filter runs through its returns: for
/// every day the drift μₜ and volatility σₜ the generator gives from the days before it (in the GAN's
/// standardized space), and the day's shock Zₜ recovered from its value. One more μ and σ than days:
/// the last is the forecast for the day after the history.
/// </summary>
/// <param name="Drift">μₜ, (days + 1, assets) row-major.</param>
/// <param name="Volatility">σₜ, (days + 1, assets).</param>
/// <param name="Shocks">Zₜ, (days, assets): standard normal when the model is right.</param>
/// <param name="Assets">Assets per row.</param>
public sealed record FilteredSeries(double[] Drift, double[] Volatility, double[] Shocks, int Assets);

/// <summary>
/// A request to simulate paths forward from the filter's state on some days of the history: before each
/// origin day t (having read the days before it only), <see cref="Paths"/> paths of <see cref="Horizon"/>
/// days are drawn as generation draws them, with fresh standard normal shocks from <see cref="Random"/>.
/// <see cref="Values"/> receives them in the GAN's space, (origins, paths, horizon, assets) row-major.
/// </summary>
internal sealed class ScenarioRequest
{
    public ScenarioRequest(int[] origins, int horizon, int paths, int assets, RandomStream random)
    {
        (Origins, Horizon, Paths, Random) = (origins, horizon, paths, random);
        Values = new float[origins.Length * paths * horizon * assets];
    }

    /// <summary>The origin days, increasing (0-based in the filtered history).</summary>
    public int[] Origins { get; }

    public int Horizon { get; }

    public int Paths { get; }

    public RandomStream Random { get; }

    public float[] Values { get; }
}

/// <summary>
/// Filters a real history through the generator. The generator's day t is μₜ + σₜ·W_δ(Zₜ), with μₜ and
/// σₜ functions of the shocks before t (the last ones, their sizes and their memory) and W_δ strictly
/// increasing, so each day's shock is recovered exactly: Zₜ = W_δ⁻¹((xₜ − μₜ) ÷ σₜ), then fed to the next
/// day as generation feeds it. This needs a generator without fresh noise (its draws cannot be
/// recovered from the returns): one asset at the defaults. The network runs as a stream
/// (<see cref="TemporalConvStream"/>), one row per layer and day. Before the first day the state is
/// neutral: the memory at its expectation and the receptive field filled with days of an average
/// shock size; it is forgotten over the first few hundred days (and the memory's slow components over
/// their half-lives), as a GARCH filter forgets its starting variance.
/// </summary>
internal sealed class SeriesFilter
{
    /// <summary>
    /// The largest shock fed back into the generator's state. The network learned from standard normal
    /// shocks, which pass 4 once in 16,000 days; a real crash recovers as a larger one (the 1929–1933 days
    /// of the S&amp;P 500 gave shocks of 8 to 12 under a generator with light tails), and beyond what it
    /// was trained on that generator answered with a lower volatility, which made the next shocks larger
    /// still: the filter collapsed to σ at its floor within a year. Held within ±4, a crash day reaches the
    /// state as the largest shock the generator knows; the shock itself is reported unchanged.
    /// </summary>
    internal const float MaxFedShock = 4f;

    private readonly SequenceGenerator _generator;
    private readonly TemporalConvStream _stream;
    private readonly InnovationMemory _memory;
    private readonly float[] _row, _previous, _sizes;
    private readonly int _assets;

    public SeriesFilter(SequenceGenerator generator)
    {
        if (generator.NoiseChannels > 0)
        {
            throw new NotSupportedException(
                $"This sequence GAN draws {generator.NoiseChannels} channels of fresh noise every day, which returns cannot reveal, so its state cannot be filtered from a history. " +
                "Forecasts need a model trained without noise (--noise 0; one asset has none by default).");
        }

        _generator = generator;
        _assets = generator.Assets;
        _stream = new TemporalConvStream(generator.Network, 1);
        _memory = new InnovationMemory(_assets);
        _row = new float[generator.InputWidth];
        _previous = new float[_assets];
        _sizes = new float[_assets];
    }

    /// <summary>
    /// Filters <paramref name="values"/> ((days, assets), in the GAN's space). Without
    /// <paramref name="burnIn"/> and <paramref name="warmUp"/> the state starts neutral; with them it starts
    /// as generation starts a path from those shocks (the memory fed <paramref name="burnIn"/>, then
    /// <paramref name="warmUp"/>'s 2^K − 1 days through the network), which recovers a generated path's shocks.
    /// </summary>
    public FilteredSeries Run(ReadOnlySpan<float> values, ReadOnlySpan<float> burnIn = default, ReadOnlySpan<float> warmUp = default, ScenarioRequest? scenarios = null)
    {
        var simulator = scenarios is null ? null : new ScenarioSimulator(this, scenarios);
        int days = values.Length / _assets, warm = _generator.ReceptiveField - 1;
        _stream.Reset();
        _memory.Reset(burnIn);
        if (warmUp.IsEmpty)
        {
            _previous.AsSpan().Clear();
            _sizes.AsSpan().Fill(InnovationMemory.MeanSize);
            for (int t = 0; t < warm; t++)
            {
                _generator.WriteInputs(_row, _previous, _sizes, _memory);
                _stream.Step(_row);
            }
        }
        else
        {
            if (warmUp.Length != warm * _assets)
            {
                throw new ArgumentException($"The warm-up needs {warm} days of shocks.", nameof(warmUp));
            }

            SetPrevious(burnIn.IsEmpty ? default : burnIn[^_assets..]);
            for (int t = 0; t < warm; t++)
            {
                _generator.WriteInputs(_row, _previous, _sizes, _memory);
                _stream.Step(_row);
                var shock = warmUp.Slice(t * _assets, _assets);
                SetPrevious(shock);
                _memory.Update(shock);
            }
        }

        var (drift, volatility, shocks) = (new double[(days + 1) * _assets], new double[(days + 1) * _assets], new double[days * _assets]);
        for (int t = 0; t <= days; t++)
        {
            simulator?.At(t);
            _generator.WriteInputs(_row, _previous, _sizes, _memory);
            var heads = _stream.Step(_row);
            for (int a = 0; a < _assets; a++)
            {
                float mu = SequenceGenerator.Drift(heads[a]), sigma = SequenceGenerator.Volatility(heads[_assets + a]);
                drift[(t * _assets) + a] = mu;
                volatility[(t * _assets) + a] = sigma;
                if (t < days)
                {
                    float innovation = (values[(t * _assets) + a] - mu) / sigma;
                    var (left, right) = _generator.Tails(a);
                    float z = (float)LambertW.Inverse(innovation, innovation < 0 ? left : right);
                    shocks[(t * _assets) + a] = z;
                    float fed = Math.Clamp(z, -MaxFedShock, MaxFedShock);
                    _previous[a] = fed;
                    _sizes[a] = MathF.Abs(fed);
                }
            }

            if (t < days)
            {
                _memory.Update(_previous); // the shocks as fed, held within ±4
            }
        }

        return new FilteredSeries(drift, volatility, shocks, _assets);
    }

    private void SetPrevious(ReadOnlySpan<float> shock)
    {
        for (int a = 0; a < _assets; a++)
        {
            float z = shock.IsEmpty ? 0 : shock[a];
            _previous[a] = z;
            _sizes[a] = shock.IsEmpty ? InnovationMemory.MeanSize : MathF.Abs(z);
        }
    }

    /// <summary>
    /// Paths drawn forward from the filter's state: the stream broadcast into one row per path, each
    /// path with its own copy of the memory and of the last shocks, then stepped as generation steps
    /// (μ + σ·W_δ(Z), Z fresh from the request's stream). Buffers are allocated once per filtering.
    /// </summary>
    private sealed class ScenarioSimulator
    {
        private readonly SeriesFilter _filter;
        private readonly ScenarioRequest _request;
        private readonly TemporalConvStream _stream;
        private readonly InnovationMemory[] _memories;
        private readonly float[] _rows, _previous, _sizes;
        private int _next;

        public ScenarioSimulator(SeriesFilter filter, ScenarioRequest request)
        {
            (_filter, _request) = (filter, request);
            int paths = request.Paths, assets = filter._assets;
            _stream = new TemporalConvStream(filter._generator.Network, paths);
            _memories = [.. Enumerable.Range(0, paths).Select(_ => new InnovationMemory(assets))];
            _rows = new float[paths * filter._generator.InputWidth];
            _previous = new float[paths * assets];
            _sizes = new float[paths * assets];
        }

        /// <summary>Simulates from the state before day <paramref name="day"/> when it is the next origin.</summary>
        public void At(int day)
        {
            if (_next >= _request.Origins.Length || _request.Origins[_next] != day)
            {
                return;
            }

            var generator = _filter._generator;
            int paths = _request.Paths, assets = _filter._assets, width = generator.InputWidth, horizon = _request.Horizon;
            _stream.Broadcast(_filter._stream, 0);
            for (int b = 0; b < paths; b++)
            {
                _memories[b].CopyFrom(_filter._memory);
                _filter._previous.CopyTo(_previous.AsSpan(b * assets, assets));
                _filter._sizes.CopyTo(_sizes.AsSpan(b * assets, assets));
            }

            var output = _request.Values.AsSpan(_next * paths * horizon * assets, paths * horizon * assets);
            for (int s = 0; s < horizon; s++)
            {
                for (int b = 0; b < paths; b++)
                {
                    generator.WriteInputs(_rows.AsSpan(b * width, width), _previous.AsSpan(b * assets, assets), _sizes.AsSpan(b * assets, assets), _memories[b]);
                }

                var heads = _stream.Step(_rows);
                int outputs = heads.Length / paths;
                for (int b = 0; b < paths; b++)
                {
                    for (int a = 0; a < assets; a++)
                    {
                        float mu = SequenceGenerator.Drift(heads[(b * outputs) + a]), sigma = SequenceGenerator.Volatility(heads[(b * outputs) + assets + a]);
                        float z = _request.Random.NextNormal();
                        output[(((b * horizon) + s) * assets) + a] = mu + (sigma * generator.Innovation(z, a));
                        _previous[(b * assets) + a] = z;
                        _sizes[(b * assets) + a] = MathF.Abs(z);
                    }

                    _memories[b].Update(_previous.AsSpan(b * assets, assets));
                }
            }

            _next++;
        }
    }

    /// <summary>
    /// The p-quantile and the mean below it of W_δ(Z), Z standard normal, with δ the left tail's (p &lt; ½):
    /// q = W_δ(z_p); E[W_δ(Z) | Z ≤ z_p] = −exp(−(1 − δ)z_p²/2) ÷ ((1 − δ)·p·√(2π)), from
    /// ∫ z·e^{δz²/2}·φ(z) dz over (−∞, z_p].
    /// </summary>
    internal static (double Quantile, double Shortfall) InnovationTail(double leftTail, double p)
    {
        double z = Normal.InvCDF(0, 1, p);
        double quantile = LambertW.Forward(z, leftTail);
        double shortfall = -Math.Exp(-(1 - leftTail) * z * z / 2) / ((1 - leftTail) * p * Math.Sqrt(2 * Math.PI));
        return (quantile, shortfall);
    }

    /// <summary>
    /// The standard deviation of W_δ(Z) with δ_L below 0 and δ_R above: E[W²] = ((1 − 2δ_L)^(−3/2) + (1 − 2δ_R)^(−3/2)) ÷ 2,
    /// E[W] = (1 ÷ (1 − δ_R) − 1 ÷ (1 − δ_L)) ÷ √(2π).
    /// </summary>
    internal static double InnovationDeviation(double leftTail, double rightTail)
    {
        double square = (Math.Pow(1 - (2 * leftTail), -1.5) + Math.Pow(1 - (2 * rightTail), -1.5)) / 2;
        double mean = ((1 / (1 - rightTail)) - (1 / (1 - leftTail))) / Math.Sqrt(2 * Math.PI);
        return Math.Sqrt(square - (mean * mean));
    }
}
