using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace MLNet.Gan.Compute;

/// <summary>
/// A seeded pseudo-random stream (xoshiro256**), with uniform, normal and Gumbel draws.
/// </summary>
/// <remarks>
/// Reproducibility rests on two rules: one stream per consumer (dropout mask, Gumbel noise, batch
/// sampler…), derived from the run's seed and a fixed stream id with <see cref="Create"/>; and a
/// stream is only ever drawn from one thread. Parallel code that needs randomness gives each output
/// range its own stream id, so thread scheduling never changes a draw.
/// </remarks>
internal sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates stream <paramref name="streamId"/> of <paramref name="seed"/>: independent streams for different ids.</summary>
    public static RandomStream Create(long seed, long streamId = 0) => new(seed, streamId);

    private RandomStream(long seed, long streamId)
    {
        // SplitMix64 expands (seed, stream) into a well-mixed 256-bit state, never all zero.
        ulong x = unchecked((ulong)seed ^ ((ulong)streamId * 0xD1B54A32D192ED03UL) ^ 0x5851F42D4C957F2DUL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The generator's state, to save in a checkpoint or to replay draws in a test.</summary>
    public (ulong S0, ulong S1, ulong S2, ulong S3) GetState() => (_s0, _s1, _s2, _s3);

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    public void SetState((ulong S0, ulong S1, ulong S2, ulong S3) state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
        {
            throw new ArgumentException("An all-zero state is invalid for xoshiro256**.", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = state;
    }

    /// <summary>Writes the state (four 64-bit words) for a checkpoint.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_s0);
        writer.Write(_s1);
        writer.Write(_s2);
        writer.Write(_s3);
    }

    /// <summary>Restores a state written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader) => SetState((reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64()));

    /// <summary>64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        // the state through locals: Step on refs to the fields made CTGAN training about 10 % slower
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        ulong result = Step(ref s0, ref s1, ref s2, ref s3);
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        return result;
    }

    /// <summary>One xoshiro256** step on a state held anywhere (the fields, or locals in a bulk loop): the next 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>
    /// Fills <paramref name="values"/> in order with 0 where <see cref="NextFloat"/> would be below <paramref name="probability"/>,
    /// else <paramref name="kept"/>: the same draws and the same values as that loop, without its branch (mispredicted on a
    /// fraction <paramref name="probability"/> of values) and with the state held in registers.
    /// </summary>
    public void FillMask(Span<float> values, float probability, float kept)
    {
        // NextFloat() = k·2⁻²⁴ for the top 24 bits k is exact, so k·2⁻²⁴ < p ⇔ k < ⌈p·2²⁴⌉ (p·2²⁴ is exact in double)
        ulong threshold = (ulong)Math.Ceiling(probability * (double)(1 << 24));
        uint keptBits = BitConverter.SingleToUInt32Bits(kept);
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        for (int i = 0; i < values.Length; i++)
        {
            ulong result = Step(ref s0, ref s1, ref s2, ref s3);
            uint keep = (uint)(((result >> 40) - threshold) >> 63) - 1; // all ones when k ≥ threshold, else 0
            values[i] = BitConverter.UInt32BitsToSingle(keptBits & keep);
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Uniform in (0, 1): never exactly 0 or 1, safe under a logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextOpenFloat() => OpenUnit(NextUInt64());

    /// <summary>
    /// (k + ½)·2⁻²³ for the top 23 bits k: exact in float, so the largest value is 1 − 2⁻²⁴ &lt; 1.
    /// (With 24 bits, k + ½ = 16,777,215.5 rounds to 2²⁴ in float and gives exactly 1, whose
    /// Gumbel draw −log(−log 1) is +∞: once in 17 million draws, a few times per training epoch.)
    /// </summary>
    internal static float OpenUnit(ulong bits) => ((bits >> 41) + 0.5f) * (1.0f / (1 << 23));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), unbiased (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        ulong range = (ulong)maxExclusive;
        UInt128 product = (UInt128)NextUInt64() * range;
        ulong low = (ulong)product;
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * range;
                low = (ulong)product;
            }
        }

        return (int)(product >> 64);
    }

    /// <summary>A standard normal draw (Box–Muller in double precision, one value per call).</summary>
    public float NextNormal()
    {
        double u1 = ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));
        double u2 = NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>Fills with N(mean, std²) draws: Box–Muller in float, vectorised over chunks of 256 values.</summary>
    public void FillNormal(Span<float> values, float mean = 0f, float std = 1f)
    {
        // Each pair of uniforms (u₁, u₂) gives r·cos θ and r·sin θ with r = √(−2 ln u₁), θ = 2πu₂.
        const int Half = 128;
        Span<float> radius = stackalloc float[Half];
        Span<float> angle = stackalloc float[Half];
        Span<float> sin = stackalloc float[Half];
        Span<float> cos = stackalloc float[Half];
        while (!values.IsEmpty)
        {
            int pairs = Math.Min(Half, (values.Length + 1) / 2);
            var r = radius[..pairs];
            var a = angle[..pairs];
            for (int i = 0; i < pairs; i++)
            {
                r[i] = NextOpenFloat();
                a[i] = NextFloat() * (2f * MathF.PI);
            }

            TensorPrimitives.Log(r, r);
            TensorPrimitives.Multiply(r, -2f, r);
            TensorPrimitives.Sqrt(r, r);
            TensorPrimitives.SinCos(a, sin[..pairs], cos[..pairs]);
            TensorPrimitives.Multiply(cos[..pairs], r, cos[..pairs]);
            TensorPrimitives.Multiply(sin[..pairs], r, sin[..pairs]);
            int n = Math.Min(values.Length, 2 * pairs);
            for (int i = 0; i < n; i++)
            {
                float z = (i & 1) == 0 ? cos[i >> 1] : sin[i >> 1];
                values[i] = mean + (std * z);
            }

            values = values[n..];
        }
    }

    /// <summary>Fills with standard Gumbel draws −log(−log u), u uniform in (0, 1).</summary>
    public void FillGumbel(Span<float> values)
    {
        FillOpenFloats(values);
        ToGumbel(values);
    }

    /// <summary>Fills with uniform draws in (0, 1), <see cref="NextOpenFloat"/> after <see cref="NextOpenFloat"/>.</summary>
    public void FillOpenFloats(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = NextOpenFloat();
        }
    }

    /// <summary>u ↦ −log(−log u) in place: uniforms in (0, 1) to standard Gumbel draws (no state: any thread).</summary>
    public static void ToGumbel(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = -MathF.Log(-MathF.Log(values[i]));
        }
    }

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
