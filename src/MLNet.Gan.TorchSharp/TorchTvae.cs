using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Synthesizers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace MLNet.Gan.TorchSharp;

/// <summary>
/// TVAE in libtorch, a copy of a managed <see cref="TvaeNetwork"/>'s weights: the same encoder, heads,
/// decoder and learned σ, the same loss ((2 · reconstruction + KL) / B), the reparameterisation noise
/// drawn from the managed stream in the managed order, σ clamped to [0.01, 1] after each update.
/// </summary>
internal sealed class TorchTvae : ITvaeSteps
{
    private readonly TvaeNetwork _managed;
    private readonly RandomStream? _noise;
    private readonly Device _device;
    private readonly TorchParameter[] _encoder, _heads, _decoder;
    private readonly TorchParameter _sigma;
    private readonly Tensor _alphaColumns;
    private readonly (int Start, int Length)[] _oneHots;
    private readonly optim.Optimizer? _optimizer;
    private static readonly Scalar SigmaMin = 0.01f.ToScalar(), SigmaMax = 1f.ToScalar();
    private float[] _epsilon = [];

    public TorchTvae(TvaeNetwork managed, TvaeOptions? options, RandomStream? noise, Device device)
    {
        _managed = managed;
        _noise = noise;
        _device = device;
        var (encoder, mean, logVariance, decoder, sigma) = managed.Layers;
        _encoder = [.. encoder.SelectMany(l => Weights(l))];
        _heads = [.. Weights(mean), .. Weights(logVariance)];
        _decoder = [.. decoder.SelectMany(l => Weights(l))];
        _sigma = TorchTensors.Trainable(sigma, device);
        _alphaColumns = torch.tensor(managed.Spans.Where(s => s.Role == SpanRole.Alpha).Select(s => (long)s.Start).ToArray(), device: device);
        _oneHots = [.. managed.Spans.Where(s => s.Role != SpanRole.Alpha).Select(s => (s.Start, s.Length))];
        if (options is not null)
        {
            _optimizer = optim.Adam(Parameters, options.LearningRate, 0.9, 0.999, 1e-8, options.WeightDecay);
        }

        TorchParameter[] Weights(Layers.Linear l) => [TorchTensors.Trainable(l.Weight, device), TorchTensors.Trainable(l.Bias, device)];
    }

    /// <summary>Trainable tensors in the managed network's parameter order.</summary>
    public IReadOnlyList<TorchParameter> Parameters => [.. _encoder, .. _heads, .. _decoder, _sigma];

    public double Step(Matrix batch)
    {
        double loss = LossAndGradients(batch);
        _optimizer!.step();
        using (torch.no_grad())
        {
            _sigma.clamp_(SigmaMin, SigmaMax);
        }

        return loss;
    }

    /// <summary>The loss on an encoded batch (B, W), its gradients left in the tensors (no update).</summary>
    internal double LossAndGradients(Matrix batch)
    {
        using var scope = torch.NewDisposeScope();
        int b = batch.Rows, latent = _managed.LatentWidth;
        var x = TorchTensors.Upload(batch, _device);
        var h = x;
        for (int i = 0; i < _encoder.Length; i += 2)
        {
            h = F.relu(TorchOps.Linear(h, _encoder[i], _encoder[i + 1]));
        }

        var mu = TorchOps.Linear(h, _heads[0], _heads[1]);
        var logVariance = TorchOps.Linear(h, _heads[2], _heads[3]);
        if (_epsilon.Length < b * latent)
        {
            _epsilon = new float[b * latent];
        }

        var eps = _epsilon.AsSpan(0, b * latent);
        _noise!.FillNormal(eps);
        var z = TorchOps.Add(mu, TorchTensors.Upload(eps, b, latent, _device).mul(logVariance.mul(TorchOps.Half).exp()));
        var xHat = Decode(z);

        // reconstruction: Σ over α columns of (α − tanh x̂)²/(2σ²) + log σ, plus each one-hot span's cross-entropy
        var sigma = _sigma.index_select(1, _alphaColumns);
        var difference = x.index_select(1, _alphaColumns).sub(xHat.index_select(1, _alphaColumns).tanh());
        var reconstruction = TorchOps.Add(TorchOps.Square(difference).div(TorchOps.Square(sigma).mul(TorchOps.Two)), sigma.log()).sum();
        foreach (var (start, length) in _oneHots)
        {
            var target = x[.., start..(start + length)];
            var logits = xHat[.., start..(start + length)];
            var present = target.sum(1); // 1 for a one-hot, 0 for a missing cell's all-zero span (no target)
            var crossEntropy = logits.logsumexp(1).sub(logits.mul(target).sum(1)).mul(present).sum();
            reconstruction = TorchOps.Add(reconstruction, crossEntropy);
        }

        var kl = logVariance.add(TorchOps.One, TorchOps.One).sub(TorchOps.Square(mu)).sub(logVariance.exp()).sum().mul(TorchOps.MinusHalf);
        var loss = TorchOps.Add(reconstruction.mul(TorchOps.Two), kl).div(torch.tensor((float)b, device: _device));
        _optimizer?.zero_grad();
        loss.backward();
        return loss.item<float>();
    }

    /// <summary>The decoder's outputs x̂ (B, W) for latent rows.</summary>
    public Tensor Decode(Tensor z)
    {
        var x = z;
        for (int i = 0; i < _decoder.Length; i += 2)
        {
            x = TorchOps.Linear(x, _decoder[i], _decoder[i + 1]);
            if (i + 2 < _decoder.Length)
            {
                x = F.relu(x);
            }
        }

        return x;
    }

    public void Finish()
    {
        var managed = _managed.Parameters;
        var trained = Parameters;
        for (int i = 0; i < managed.Count; i++)
        {
            TorchTensors.Download(trained[i], managed[i].Value);
        }
    }

    public void Dispose()
    {
        _optimizer?.Dispose();
        foreach (var p in Parameters)
        {
            p.Dispose();
        }

        _alphaColumns.Dispose();
    }
}
