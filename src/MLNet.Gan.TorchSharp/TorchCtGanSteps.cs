using MLNet.Gan.Synthesizers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNet.Gan.TorchSharp;

/// <summary>
/// CTGAN's training step in libtorch, on the batches the managed run draws: its condition sampler,
/// noise, real rows, Gumbel noise, dropout masks and interpolation weights come from the managed run's
/// random streams in the managed order, so both engines see the same numbers and differ only by float
/// rounding. The losses are those of <see cref="CtGanTraining"/>; autograd gives the gradients (the
/// gradient penalty by double backpropagation).
/// </summary>
internal sealed class TorchCtGanSteps : ICtGanSteps
{
    private readonly CtGanTraining _managed;
    private readonly CtGanOptions _options;
    private readonly Device _device;
    private readonly TorchGenerator _generator;
    private readonly TorchCritic _critic;
    private readonly optim.Optimizer _generatorOptimizer, _criticOptimizer;
    private readonly int _b, _e, _c;
    private readonly float[] _alphas;
    private readonly List<long>[] _rowsByColumn;
    private readonly Scalar _penaltyWeight, _batch;

    public TorchCtGanSteps(CtGanTraining managed, Device device)
    {
        _managed = managed;
        _options = managed.Options;
        _device = device;
        (_b, _e, _c) = (_options.BatchSize, _options.EmbeddingDimension, managed.Sampler.ConditionWidth);
        _generator = new TorchGenerator(managed.Generator, device, _b);
        _critic = new TorchCritic(managed.Critic, device, _b);
        _generatorOptimizer = Adam(_generator.Parameters, _options.GeneratorLearningRate);
        _criticOptimizer = Adam(_critic.Parameters, _options.CriticLearningRate);
        _alphas = new float[_b / _options.Pac];
        _rowsByColumn = [.. Enumerable.Range(0, managed.Sampler.DiscreteColumnCount).Select(_ => new List<long>(_b))];
        _penaltyWeight = _options.GradientPenaltyWeight.ToScalar();
        _batch = ((float)_b).ToScalar();

        optim.Optimizer Adam(IReadOnlyList<global::TorchSharp.Modules.Parameter> parameters, float lr)
            => optim.Adam(parameters, lr, CtGanDefaults.Beta1, CtGanDefaults.Beta2, 1e-8, _options.WeightDecay);
    }

    /// <summary>The trainable tensors: generator's, then critic's (for tests).</summary>
    internal (IReadOnlyList<global::TorchSharp.Modules.Parameter> Generator, IReadOnlyList<global::TorchSharp.Modules.Parameter> Critic) Parameters => (_generator.Parameters, _critic.Parameters);

    public (double Generator, double Critic) Step()
    {
        double critic = 0;
        for (int s = 0; s < _options.CriticSteps; s++)
        {
            critic = CriticLossAndGradients();
            _criticOptimizer.step();
        }

        double generator = GeneratorLossAndGradients();
        _generatorOptimizer.step();
        return (generator, critic);
    }

    /// <summary>The critic's optimizer step on the gradients left by <see cref="CriticLossAndGradients"/> (for tests).</summary>
    internal void CriticUpdate() => _criticOptimizer.step();

    /// <summary>The critic's loss on the managed run's next batch, its gradients left in the critic's tensors.</summary>
    internal double CriticLossAndGradients()
    {
        using var scope = torch.NewDisposeScope();
        _managed.SampleInput(withRealRows: true);
        var input = TorchTensors.Upload(_managed.Input, _device);
        var real = TorchTensors.Upload(_managed.RealRows, _device);
        Tensor fakeRows;
        using (torch.no_grad())
        {
            fakeRows = torch.cat([_generator.Activate(_generator.Logits(input, training: true), _managed.Streams[0]), input[.., _e..]], 1);
        }

        var dropout = _managed.Streams[1];
        var loss = TorchOps.Add(Adversarial(_critic.Forward(fakeRows, dropout), real: false), Adversarial(_critic.Forward(real, dropout), real: true));
        if (_options.Loss == GanLoss.WassersteinGradientPenalty)
        {
            // x̂ = α·real + (1 − α)·fake, one α per packed group; λ·mean over groups of (‖∇x̂ D‖ − 1)²
            for (int g = 0; g < _alphas.Length; g++)
            {
                _alphas[g] = _managed.InterpolationStream.NextFloat();
            }

            var alpha = TorchTensors.Upload(_alphas, _alphas.Length, 1, _device).repeat_interleave(_options.Pac, 0);
            var mixed = TorchOps.Add(alpha.mul(real), TorchOps.OneMinus(alpha).mul(fakeRows)).reshape(_alphas.Length, -1).detach().requires_grad_(true);
            var score = _critic.ForwardPacked(mixed, dropout);
            var gradient = torch.autograd.grad([score.sum()], [mixed], retain_graph: true, create_graph: true)[0];
            var norm = gradient.norm(1, false, 2f); // per packed group
            loss = TorchOps.Add(loss, TorchOps.Square(norm.sub(TorchOps.One)).mean().mul(_penaltyWeight));
        }

        _criticOptimizer.zero_grad();
        loss.backward();
        return loss.item<float>();
    }

    /// <summary>The generator's loss on the managed run's next batch, its gradients left in the generator's tensors.</summary>
    internal double GeneratorLossAndGradients()
    {
        using var scope = torch.NewDisposeScope();
        _managed.SampleInput(withRealRows: false);
        var input = TorchTensors.Upload(_managed.Input, _device);
        var logits = _generator.Logits(input, training: true);
        var fakeRows = torch.cat([_generator.Activate(logits, _managed.Streams[0]), input[.., _e..]], 1);
        // the generator's adversarial term is the critic's "real" term on fake rows
        var loss = Adversarial(_critic.Forward(fakeRows, _managed.Streams[1]), real: true);
        if (_c > 0)
        {
            loss = TorchOps.Add(loss, ConditionalCrossEntropy(logits));
        }

        _generatorOptimizer.zero_grad();
        loss.backward();
        return loss.item<float>();
    }

    /// <summary>Mean over rows of −log softmax(logits of the conditioned column)[asked category]: the generator must produce the category it was asked for.</summary>
    private Tensor ConditionalCrossEntropy(Tensor logits)
    {
        var columns = _managed.ConditionColumns;
        var categories = _managed.ConditionCategories;
        foreach (var rows in _rowsByColumn)
        {
            rows.Clear();
        }

        for (int r = 0; r < _b; r++)
        {
            _rowsByColumn[columns[r]].Add(r);
        }

        var sampler = _managed.Sampler;
        Tensor? total = null;
        for (int d = 0; d < _rowsByColumn.Length; d++)
        {
            var rows = _rowsByColumn[d];
            if (rows.Count == 0)
            {
                continue;
            }

            var targets = new long[rows.Count];
            for (int i = 0; i < targets.Length; i++)
            {
                targets[i] = categories[(int)rows[i]];
            }

            int start = sampler.EncodedOffset(d), length = sampler.CategoryCount(d);
            var span = logits.index_select(0, torch.tensor(rows.ToArray(), device: _device))[.., start..(start + length)];
            var picked = F.log_softmax(span, 1).gather(1, torch.tensor(targets, device: _device).unsqueeze(1));
            total = total is null ? picked.sum().neg() : total.sub(picked.sum());
        }

        return total!.div(_batch);
    }

    /// <summary>The adversarial term for scores of real or fake rows, as <see cref="CtGanTraining"/> computes it.</summary>
    private Tensor Adversarial(Tensor score, bool real) => _options.Loss switch
    {
        // critic: mean D(fake) − mean D(real); generator: −mean D(fake)
        GanLoss.WassersteinGradientPenalty => real ? score.mean().neg() : score.mean(),
        GanLoss.Standard => F.binary_cross_entropy_with_logits(score, real ? torch.ones_like(score) : torch.zeros_like(score)),
        _ => TorchOps.Square(real ? score.sub(TorchOps.One) : score).mean().mul(TorchOps.Half),
    };

    public void Finish()
    {
        _generator.CopyTo();
        _critic.CopyTo();
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _criticOptimizer.Dispose();
        _generator.Dispose();
        _critic.Dispose();
        _penaltyWeight.Dispose();
        _batch.Dispose();
    }
}
