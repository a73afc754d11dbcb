using System.Runtime.Intrinsics;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>Options of <see cref="Adam"/>, with PyTorch's defaults.</summary>
internal sealed class AdamOptions
{
    /// <summary>Step size. Default 1e-3.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>Decay of the first-moment estimate. Default 0.9.</summary>
    public float Beta1 { get; set; } = 0.9f;

    /// <summary>Decay of the second-moment estimate. Default 0.999.</summary>
    public float Beta2 { get; set; } = 0.999f;

    /// <summary>Added to the denominator. Default 1e-8.</summary>
    public float Epsilon { get; set; } = 1e-8f;

    /// <summary>Weight decay. Default 0.</summary>
    public float WeightDecay { get; set; }

    /// <summary>
    /// False (default): L2 decay added to the gradient, as PyTorch's <c>Adam(weight_decay=…)</c>.
    /// True: decoupled decay applied to the weights, as <c>AdamW</c>.
    /// </summary>
    public bool DecoupledWeightDecay { get; set; }
}

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with PyTorch's update order:
/// g ← g + λθ (L2) or θ ← θ(1 − ηλ) (decoupled); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
internal sealed class Adam : IParallelWork
{
    private const int Chunk = 64; // parts split each parameter at multiples of this
    private readonly Parameter[] _parameters;
    private readonly float[][] _m;
    private readonly float[][] _v;
    private readonly long _elements;
    private (float Beta1, float Beta2, float Epsilon, float L2, float Shrink, float StepSize, float Bias2Sqrt) _step;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Parameter> parameters, AdamOptions? options = null)
    {
        _parameters = [.. parameters];
        Options = options ?? new AdamOptions();
        _m = new float[_parameters.Length][];
        _v = new float[_parameters.Length][];
        for (int i = 0; i < _parameters.Length; i++)
        {
            _m[i] = new float[_parameters[i].Length];
            _v[i] = new float[_parameters[i].Length];
            _elements += _parameters[i].Length;
        }
    }

    /// <summary>The options (read at every step).</summary>
    public AdamOptions Options { get; }

    /// <summary>Steps taken so far (t).</summary>
    public int StepCount { get; private set; }

    /// <summary>The parameters updated, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>First-moment state per parameter (saved in checkpoints).</summary>
    internal float[][] FirstMoments => _m;

    /// <summary>Second-moment state per parameter (saved in checkpoints).</summary>
    internal float[][] SecondMoments => _v;

    /// <summary>Restores the step counter from a checkpoint.</summary>
    internal void RestoreStepCount(int steps) => StepCount = steps;

    /// <summary>Applies one update from the accumulated gradients, then clears them.</summary>
    public void Step()
    {
        StepCount++;
        var o = Options;
        float bias1 = 1f - MathF.Pow(o.Beta1, StepCount);
        float bias2Sqrt = MathF.Sqrt(1f - MathF.Pow(o.Beta2, StepCount));
        float stepSize = o.LearningRate / bias1;
        float l2 = o.DecoupledWeightDecay ? 0f : o.WeightDecay;
        float shrink = o.DecoupledWeightDecay ? 1f - (o.LearningRate * o.WeightDecay) : 1f;
        _step = (o.Beta1, o.Beta2, o.Epsilon, l2, shrink, stepSize, bias2Sqrt);
        WorkerPool.Shared.RunSplit(this, _elements);
    }

    /// <summary>Part <paramref name="part"/> of the update: the same slice of every parameter (element-wise, so any split gives the same values).</summary>
    void IParallelWork.Execute(int part, int parts)
    {
        var (beta1, beta2, eps, l2, shrink, stepSize, bias2Sqrt) = _step;
        for (int p = 0; p < _parameters.Length; p++)
        {
            var (start, end) = WorkerPool.Slice(_parameters[p].Length, part, parts, Chunk);
            var gradient = _parameters[p].Gradient.AsSpan(start, end - start);
            Update(_parameters[p].Value.AsSpan(start, end - start), gradient, _m[p].AsSpan(start, end - start), _v[p].AsSpan(start, end - start), beta1, beta2, eps, l2, shrink, stepSize, bias2Sqrt);
            gradient.Clear();
        }
    }

    /// <summary>Sets every gradient to zero without stepping.</summary>
    public void ClearGradients()
    {
        foreach (var p in _parameters)
        {
            p.ClearGradient();
        }
    }

    private static void Update(Span<float> theta, Span<float> grad, Span<float> m, Span<float> v, float beta1, float beta2, float eps, float l2, float shrink, float stepSize, float bias2Sqrt)
    {
        // Element-wise only (no sums across elements, no fused multiply-add): every path computes
        // bit-identical values, the vectors only take 16, 8 or 4 of them at once.
        int i = ComputeSettings.Path switch
        {
            SimdPath.Vector512 => Update512(theta, grad, m, v, beta1, beta2, eps, l2, shrink, stepSize, bias2Sqrt),
            SimdPath.Vector256 => Update256(theta, grad, m, v, beta1, beta2, eps, l2, shrink, stepSize, bias2Sqrt),
            SimdPath.Vector128 => Update128(theta, grad, m, v, beta1, beta2, eps, l2, shrink, stepSize, bias2Sqrt),
            _ => 0,
        };
        for (; i < theta.Length; i++)
        {
            float t = theta[i];
            float g = grad[i] + (l2 * t);
            t *= shrink;
            m[i] = (beta1 * m[i]) + ((1f - beta1) * g);
            v[i] = (beta2 * v[i]) + ((1f - beta2) * g * g);
            float denom = (MathF.Sqrt(v[i]) / bias2Sqrt) + eps;
            theta[i] = t - (stepSize * m[i] / denom);
        }
    }

    /// <summary>The update of the first whole multiple of 16 elements with Vector512; returns how many were done.</summary>
    private static int Update512(Span<float> theta, Span<float> grad, Span<float> m, Span<float> v, float beta1, float beta2, float eps, float l2, float shrink, float stepSize, float bias2Sqrt)
    {
        var vb1 = Vector512.Create(beta1);
        var vb1c = Vector512.Create(1f - beta1);
        var vb2 = Vector512.Create(beta2);
        var vb2c = Vector512.Create(1f - beta2);
        var vl2 = Vector512.Create(l2);
        var vshrink = Vector512.Create(shrink);
        var vstep = Vector512.Create(stepSize);
        var vbias2 = Vector512.Create(bias2Sqrt);
        var veps = Vector512.Create(eps);
        int i = 0;
        for (; i <= theta.Length - 16; i += 16)
        {
            var t = Vector512.Create(theta.Slice(i, 16));
            var g = Vector512.Create(grad.Slice(i, 16)) + (vl2 * t);
            t *= vshrink;
            var mi = (vb1 * Vector512.Create(m.Slice(i, 16))) + (vb1c * g);
            var vi = (vb2 * Vector512.Create(v.Slice(i, 16))) + (vb2c * g * g);
            var denom = (Vector512.Sqrt(vi) / vbias2) + veps;
            t -= vstep * mi / denom;
            mi.CopyTo(m.Slice(i, 16));
            vi.CopyTo(v.Slice(i, 16));
            t.CopyTo(theta.Slice(i, 16));
        }

        return i;
    }

    /// <summary>The update of the first whole multiple of 8 elements with Vector256; returns how many were done.</summary>
    private static int Update256(Span<float> theta, Span<float> grad, Span<float> m, Span<float> v, float beta1, float beta2, float eps, float l2, float shrink, float stepSize, float bias2Sqrt)
    {
        var vb1 = Vector256.Create(beta1);
        var vb1c = Vector256.Create(1f - beta1);
        var vb2 = Vector256.Create(beta2);
        var vb2c = Vector256.Create(1f - beta2);
        var vl2 = Vector256.Create(l2);
        var vshrink = Vector256.Create(shrink);
        var vstep = Vector256.Create(stepSize);
        var vbias2 = Vector256.Create(bias2Sqrt);
        var veps = Vector256.Create(eps);
        int i = 0;
        for (; i <= theta.Length - 8; i += 8)
        {
            var t = Vector256.Create(theta.Slice(i, 8));
            var g = Vector256.Create(grad.Slice(i, 8)) + (vl2 * t);
            t *= vshrink;
            var mi = (vb1 * Vector256.Create(m.Slice(i, 8))) + (vb1c * g);
            var vi = (vb2 * Vector256.Create(v.Slice(i, 8))) + (vb2c * g * g);
            var denom = (Vector256.Sqrt(vi) / vbias2) + veps;
            t -= vstep * mi / denom;
            mi.CopyTo(m.Slice(i, 8));
            vi.CopyTo(v.Slice(i, 8));
            t.CopyTo(theta.Slice(i, 8));
        }

        return i;
    }

    /// <summary>The update of the first whole multiple of 4 elements with Vector128; returns how many were done.</summary>
    private static int Update128(Span<float> theta, Span<float> grad, Span<float> m, Span<float> v, float beta1, float beta2, float eps, float l2, float shrink, float stepSize, float bias2Sqrt)
    {
        var vb1 = Vector128.Create(beta1);
        var vb1c = Vector128.Create(1f - beta1);
        var vb2 = Vector128.Create(beta2);
        var vb2c = Vector128.Create(1f - beta2);
        var vl2 = Vector128.Create(l2);
        var vshrink = Vector128.Create(shrink);
        var vstep = Vector128.Create(stepSize);
        var vbias2 = Vector128.Create(bias2Sqrt);
        var veps = Vector128.Create(eps);
        int i = 0;
        for (; i <= theta.Length - 4; i += 4)
        {
            var t = Vector128.Create(theta.Slice(i, 4));
            var g = Vector128.Create(grad.Slice(i, 4)) + (vl2 * t);
            t *= vshrink;
            var mi = (vb1 * Vector128.Create(m.Slice(i, 4))) + (vb1c * g);
            var vi = (vb2 * Vector128.Create(v.Slice(i, 4))) + (vb2c * g * g);
            var denom = (Vector128.Sqrt(vi) / vbias2) + veps;
            t -= vstep * mi / denom;
            mi.CopyTo(m.Slice(i, 4));
            vi.CopyTo(v.Slice(i, 4));
            t.CopyTo(theta.Slice(i, 4));
        }

        return i;
    }
}
