using MLNet.Gan.Compute;
using MLNet.Gan.Layers;
using MLNet.Gan.Synthesizers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Generator = MLNet.Gan.Synthesizers.Generator;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace MLNet.Gan.TorchSharp;

/// <summary>
/// CTGAN's generator in libtorch, a copy of a managed <see cref="Generator"/>'s weights: residual blocks
/// (Linear → BatchNorm → ReLU, concatenated to the input) → Linear (logits) → tanh on α spans and
/// Gumbel-softmax on one-hot spans, with the Gumbel noise drawn from the managed generator's stream in
/// the managed order. Weights are (in, out) as in our layers: a layer is rows × W + b.
/// </summary>
internal sealed class TorchGenerator : IDisposable
{
    private readonly Generator _managed;
    private readonly Device _device;
    private readonly (TorchParameter W, TorchParameter B, TorchParameter Gamma, TorchParameter Beta, Tensor Mean, Tensor Variance)[] _blocks;
    private readonly TorchParameter _outW, _outB;
    private readonly float[] _gumbel;
    private readonly Scalar _temperature;

    public TorchGenerator(Generator managed, Device device, int batch)
    {
        _managed = managed;
        _device = device;
        _blocks = [.. managed.Blocks.Select(b => (
            TorchTensors.Trainable(b.Linear.Weight, device), TorchTensors.Trainable(b.Linear.Bias, device),
            TorchTensors.Trainable(b.Norm.Parameters[0], device, vector: true), TorchTensors.Trainable(b.Norm.Parameters[1], device, vector: true),
            TorchTensors.State(b.Norm.RunningMean, device), TorchTensors.State(b.Norm.RunningVariance, device)))];
        _outW = TorchTensors.Trainable(managed.Output.Weight, device);
        _outB = TorchTensors.Trainable(managed.Output.Bias, device);
        _gumbel = new float[batch * managed.OutputWidth];
        _temperature = managed.Temperature.ToScalar();
    }

    /// <summary>Trainable tensors in the managed generator's parameter order.</summary>
    public IReadOnlyList<TorchParameter> Parameters => [.. _blocks.SelectMany(b => new[] { b.W, b.B, b.Gamma, b.Beta }), _outW, _outB];

    /// <summary>The logits (B, W) of [noise | condition] (B, E + C); BatchNorm on batch statistics (updating the running ones) when <paramref name="training"/>.</summary>
    public Tensor Logits(Tensor input, bool training)
    {
        var x = input;
        foreach (var (w, b, gamma, beta, mean, variance) in _blocks)
        {
            var h = F.relu(F.batch_norm(TorchOps.Linear(x, w, b), mean, variance, gamma, beta, training, 0.1, 1e-5));
            x = torch.cat([h, x], 1);
        }

        return TorchOps.Linear(x, _outW, _outB);
    }

    /// <summary>tanh on α spans, softmax((logits + g)/τ) on one-hot spans, g ~ Gumbel from the managed stream.</summary>
    public Tensor Activate(Tensor logits, RandomStream gumbelStream)
    {
        int rows = (int)logits.shape[0], width = _managed.OutputWidth;
        var noise = _gumbel.AsSpan(0, rows * width);
        noise.Clear();
        for (int r = 0; r < rows; r++)
        {
            SpanActivation.AddGumbel(noise.Slice(r * width, width), _managed.Spans, gumbelStream);
        }

        var g = TorchTensors.Upload(noise, rows, width, _device);
        var pieces = new Tensor[_managed.Spans.Count];
        for (int i = 0; i < pieces.Length; i++)
        {
            var s = _managed.Spans[i];
            var slice = logits[.., s.Start..s.End];
            pieces[i] = s.Kind == SpanKind.Tanh ? slice.tanh() : F.softmax(TorchOps.Add(slice, g[.., s.Start..s.End]).div(_temperature), 1);
        }

        return torch.cat(pieces, 1);
    }

    /// <summary>Writes the weights and BatchNorm statistics back into the managed generator.</summary>
    public void CopyTo()
    {
        var managed = _managed.Parameters;
        var trained = Parameters;
        for (int i = 0; i < managed.Count; i++)
        {
            TorchTensors.Download(trained[i], managed[i].Value);
        }

        for (int i = 0; i < _blocks.Length; i++)
        {
            TorchTensors.Download(_blocks[i].Mean, _managed.Blocks[i].Norm.RunningMean);
            TorchTensors.Download(_blocks[i].Variance, _managed.Blocks[i].Norm.RunningVariance);
        }
    }

    public void Dispose()
    {
        foreach (var p in Parameters)
        {
            p.Dispose();
        }

        foreach (var b in _blocks)
        {
            b.Mean.Dispose();
            b.Variance.Dispose();
        }

        _temperature.Dispose();
    }
}

/// <summary>
/// The PacGAN critic in libtorch, a copy of a managed <see cref="PackedCritic"/>: packs of rows →
/// [Linear → LeakyReLU → Dropout] × 2 → Linear, with the dropout masks drawn from the managed stream in
/// the managed order (first layer's mask, then the second's, per forward pass).
/// </summary>
internal sealed class TorchCritic : IDisposable
{
    private readonly PackedCritic _managed;
    private readonly Device _device;
    private readonly TorchParameter[] _weights;
    private readonly float[][] _masks;
    private readonly Scalar _slope;

    public TorchCritic(PackedCritic managed, Device device, int batch)
    {
        _managed = managed;
        _device = device;
        _weights = [.. managed.Linears.SelectMany(l => new[] { TorchTensors.Trainable(l.Weight, device), TorchTensors.Trainable(l.Bias, device) })];
        int packs = batch / managed.Pac;
        _masks = [new float[packs * managed.Linears[0].OutputWidth], new float[packs * managed.Linears[1].OutputWidth]];
        _slope = managed.LeakySlope.ToScalar();
    }

    /// <summary>Trainable tensors in the managed critic's parameter order.</summary>
    public IReadOnlyList<TorchParameter> Parameters => _weights;

    /// <summary>Scores rows (B, F) in packs: (B/pac, 1).</summary>
    public Tensor Forward(Tensor rows, RandomStream dropoutStream) => ForwardPacked(rows.reshape(rows.shape[0] / _managed.Pac, -1), dropoutStream);

    /// <summary>Scores packed rows (P, pac·F): (P, 1).</summary>
    public Tensor ForwardPacked(Tensor packed, RandomStream dropoutStream)
    {
        var x = packed;
        for (int layer = 0; layer < 2; layer++)
        {
            x = TorchOps.Linear(x, _weights[2 * layer], _weights[(2 * layer) + 1]).leaky_relu(_slope);
            float p = _managed.DropoutProbability;
            if (p > 0)
            {
                var mask = _masks[layer].AsSpan(0, (int)(x.shape[0] * x.shape[1]));
                Dropout.FillMask(mask, p, dropoutStream);
                x = x.mul(TorchTensors.Upload(mask, x.shape[0], x.shape[1], _device));
            }
        }

        return TorchOps.Linear(x, _weights[4], _weights[5]);
    }

    /// <summary>Writes the weights back into the managed critic.</summary>
    public void CopyTo()
    {
        var managed = _managed.Parameters;
        for (int i = 0; i < managed.Count; i++)
        {
            TorchTensors.Download(_weights[i], managed[i].Value);
        }
    }

    public void Dispose()
    {
        foreach (var p in _weights)
        {
            p.Dispose();
        }

        _slope.Dispose();
    }
}
