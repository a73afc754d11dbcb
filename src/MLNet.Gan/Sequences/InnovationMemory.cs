using MLNet.Gan.Compute;

namespace MLNet.Gan.Sequences;

/// <summary>
/// The generator's memory of past shocks beyond its receptive field: per asset, exponentially weighted
/// means sₜ = φ·sₜ₋₁ + (1 − φ)·vₜ of the standard normal shocks Z and of their sizes |Z| at six decays
/// φ (half-lives of about 7, 23, 69, 231, 693 and 2,310 days), each scaled to unit variance. A volatility that
/// is a function of them is an EGARCH-like filter of past shocks (log σ² linear in past |Z|, Nelson 1991)
/// with several components, which is how long-memory volatility is usually approximated (component
/// GARCH, HAR); the network learns the function. The shocks are i.i.d. by construction, so the memory
/// needs no network pass: a path starts after <see cref="BurnIn"/> days of shocks that only feed it.
/// </summary>
internal sealed class InnovationMemory
{
    /// <summary>Days of shocks before each path that only feed the memory (0.9997^12288 ≈ 0.03 of the start is left).</summary>
    public const int BurnIn = 12288;

    private static readonly float[] Decays = [0.9f, 0.97f, 0.99f, 0.997f, 0.999f, 0.9997f];

    // E|Z| = √(2/π), Var|Z| = 1 − 2/π; an exponentially weighted mean of i.i.d. values of variance v has
    // variance v·(1 − φ)/(1 + φ)
    internal static readonly float MeanSize = MathF.Sqrt(2 / MathF.PI);

    private readonly int _assets;
    private readonly float[] _sizeScale, _valueScale;
    private readonly float[] _sizes, _values; // (A, decays)

    public InnovationMemory(int assets)
    {
        _assets = assets;
        _sizeScale = new float[Decays.Length];
        _valueScale = new float[Decays.Length];
        for (int j = 0; j < Decays.Length; j++)
        {
            double shrink = Math.Sqrt((1 - Decays[j]) / (1 + Decays[j]));
            _sizeScale[j] = (float)(1 / (Math.Sqrt(1 - (2 / Math.PI)) * shrink));
            _valueScale[j] = (float)(1 / shrink);
        }

        _sizes = new float[assets * Decays.Length];
        _values = new float[assets * Decays.Length];
    }

    /// <summary>Memory inputs per day: 2 per asset and decay.</summary>
    public int Features => 2 * _assets * Decays.Length;

    /// <summary>Starts a path: the means at their expectations, then run over <paramref name="burnIn"/> ((days, A)).</summary>
    public void Reset(ReadOnlySpan<float> burnIn)
    {
        Array.Fill(_sizes, MeanSize);
        Array.Clear(_values);
        for (int t = 0; t < burnIn.Length; t += _assets)
        {
            Update(burnIn.Slice(t, _assets));
        }
    }

    /// <summary>Takes the state of <paramref name="other"/> (the same assets): a path simulated forward from a filtered day starts from it.</summary>
    public void CopyFrom(InnovationMemory other)
    {
        other._sizes.CopyTo(_sizes, 0);
        other._values.CopyTo(_values, 0);
    }

    /// <summary>Takes in one day's shocks (one per asset).</summary>
    public void Update(ReadOnlySpan<float> shocks)
    {
        for (int a = 0; a < _assets; a++)
        {
            float z = shocks[a], size = MathF.Abs(z);
            for (int j = 0; j < Decays.Length; j++)
            {
                int k = (a * Decays.Length) + j;
                float phi = Decays[j];
                _sizes[k] = (phi * _sizes[k]) + ((1 - phi) * size);
                _values[k] = (phi * _values[k]) + ((1 - phi) * z);
            }
        }
    }

    /// <summary>Writes the standardized memory (sizes, then values) into <paramref name="features"/>.</summary>
    public void Write(Span<float> features)
    {
        int n = _sizes.Length;
        for (int k = 0; k < n; k++)
        {
            int j = k % Decays.Length;
            features[k] = (_sizes[k] - MeanSize) * _sizeScale[j];
            features[n + k] = _values[k] * _valueScale[j];
        }
    }
}
