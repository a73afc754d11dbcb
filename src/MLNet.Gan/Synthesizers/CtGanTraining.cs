using MLNet.Gan.Compute;
using MLNet.Gan.DifferentialPrivacy;
using MLNet.Gan.Encoding;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Synthesizers;

/// <summary>
/// One CTGAN training run: the networks, their optimizers, the random streams and every buffer a
/// step needs, allocated once. Dimension letters: B = batch rows, P = B/pac packed rows,
/// W = encoded width, C = condition width, E = noise width.
/// </summary>
internal sealed partial class CtGanTraining : ICtGanSteps
{
    private readonly CtGanOptions _options;
    private readonly Matrix _data;            // (N, W) the encoded training rows
    private readonly ConditionSampler _sampler;
    private readonly int _b, _w, _c, _e;

    // one stream per consumer, so each draw sequence is fixed by the seed alone
    private readonly RandomStream _noiseRng, _conditionRng, _interpolationRng;
    private readonly RandomStream[] _streams;

    private readonly Matrix _input;           // (B, E + C) [noise | condition]
    private readonly Matrix _condition;       // (B, C)
    private readonly Matrix _fakeRows;        // (B, W + C) [fake | condition]
    private readonly Matrix _realRows;        // (B, W + C) [real | permuted condition]
    private readonly Matrix _mixedRows;       // (B, W + C) interpolation for the penalty
    private readonly Matrix _scoreGradient;   // (P, 1)
    private readonly Matrix _fakeGradient;    // (B, W)
    private readonly Matrix _logitsGradient;  // (B, W) conditional cross-entropy on the logits
    private readonly int[] _column, _category, _permutation, _spanStart, _spanLength;

    public CtGanTraining(CtGanOptions options, Matrix data, ConditionSampler sampler, PrivateTraining? privacy = null)
    {
        _options = options;
        Privacy = privacy;
        _data = data;
        _sampler = sampler;
        (_b, _w, _c, _e) = (options.BatchSize, data.Cols, sampler.ConditionWidth, options.EmbeddingDimension);
        var init = RandomStream.Create(options.Seed, streamId: 1);
        var gumbel = RandomStream.Create(options.Seed, streamId: 2);
        var dropout = RandomStream.Create(options.Seed, streamId: 3);
        _noiseRng = RandomStream.Create(options.Seed, streamId: 4);
        _conditionRng = RandomStream.Create(options.Seed, streamId: 5);
        _interpolationRng = RandomStream.Create(options.Seed, streamId: 6);
        _streams = [gumbel, dropout, _noiseRng, _conditionRng, _interpolationRng];

        Generator = new Generator(_e + _c, options.GeneratorDimensions, Encoder.ActivationSpans, options.GumbelTemperature, init, gumbel);
        Critic = new PackedCritic(_w + _c, options.Pac, options.CriticDimensions, CtGanDefaults.LeakySlope, CtGanDefaults.Dropout, init, dropout);
        GeneratorOptimizer = new Adam(Generator.Parameters, Adam(options.GeneratorLearningRate));
        CriticOptimizer = new Adam(Critic.Parameters, Adam(options.CriticLearningRate));

        _input = new Matrix(_b, _e + _c);
        _condition = new Matrix(_b, _c);
        _fakeRows = new Matrix(_b, _w + _c);
        _realRows = new Matrix(_b, _w + _c);
        _mixedRows = new Matrix(_b, _w + _c);
        _scoreGradient = new Matrix(_b / options.Pac, 1);
        _fakeGradient = new Matrix(_b, _w);
        _logitsGradient = new Matrix(_b, _w);
        (_column, _category, _permutation, _spanStart, _spanLength) = (new int[_b], new int[_b], new int[_b], new int[_b], new int[_b]);

        AdamOptions Adam(float lr) => new() { LearningRate = lr, Beta1 = CtGanDefaults.Beta1, Beta2 = CtGanDefaults.Beta2, WeightDecay = options.WeightDecay };
    }

    public TableEncoder Encoder => _sampler.Encoder;

    public IReadOnlyList<int[]> CategoryCounts => _sampler.CategoryCounts;

    public Generator Generator { get; }

    public PackedCritic Critic { get; }

    public Adam GeneratorOptimizer { get; }

    public Adam CriticOptimizer { get; }

    /// <summary>The random streams in a fixed order (saved in checkpoints): Gumbel, dropout, noise, condition, interpolation.</summary>
    public IReadOnlyList<RandomStream> Streams => _streams;

    /// <summary>The options of the run.</summary>
    public CtGanOptions Options => _options;

    /// <summary>The condition sampler.</summary>
    public ConditionSampler Sampler => _sampler;

    /// <summary>[noise | condition] of the last <see cref="SampleInput"/> (B, E + C).</summary>
    public Matrix Input => _input;

    /// <summary>[real | permuted condition] of the last <see cref="SampleInput"/> with real rows (B, W + C).</summary>
    public Matrix RealRows => _realRows;

    /// <summary>The conditioned discrete column and category of each row of the last <see cref="SampleInput"/>.</summary>
    public ReadOnlySpan<int> ConditionColumns => _column;

    /// <inheritdoc cref="ConditionColumns"/>
    public ReadOnlySpan<int> ConditionCategories => _category;

    /// <summary>The gradient penalty's interpolation weights: one draw per packed group, in group order.</summary>
    public RandomStream InterpolationStream => _interpolationRng;

    /// <summary>Steps in one epoch: max(N / B, 1) (with privacy, the planned round(N / B)).</summary>
    public int StepsPerEpoch => Privacy is null ? Math.Max(_data.Rows / _b, 1) : (int)Privacy.StepsPerEpoch;

    /// <summary>One critic update (or <see cref="CtGanOptions.CriticSteps"/>) and one generator update; returns both losses.</summary>
    public (double Generator, double Critic) Step()
    {
        double critic = 0;
        for (int s = 0; s < _options.CriticSteps; s++)
        {
            critic = CriticStep();
        }

        return (GeneratorStep(), critic);
    }

    private double CriticStep()
    {
        double loss = CriticLossAndGradients();
        CriticOptimizer.Step();
        return loss;
    }

    /// <summary>The critic's loss on a fresh batch, its gradients left in the critic's parameters (no update).</summary>
    internal double CriticLossAndGradients()
    {
        if (Privacy is not null)
        {
            return PrivateCriticLossAndGradients();
        }

        SampleInput(withRealRows: true);
        var fake = Generator.Forward(_input, training: true);
        Concat(fake, _condition, _fakeRows);

        Critic.ComputeParameterGradients = true;
        CriticOptimizer.ClearGradients();
        double loss = ScoreAndBackward(_fakeRows, real: false, forGenerator: false);
        loss += ScoreAndBackward(_realRows, real: true, forGenerator: false);
        if (_options.Loss == GanLoss.WassersteinGradientPenalty)
        {
            // x̂ = α·real + (1 − α)·fake, one α per packed group
            int pac = _options.Pac;
            for (int g = 0; g < _b / pac; g++)
            {
                float alpha = _interpolationRng.NextFloat();
                for (int r = g * pac; r < (g + 1) * pac; r++)
                {
                    var mixed = _mixedRows.Row(r);
                    var real = _realRows.Row(r);
                    var f = _fakeRows.Row(r);
                    for (int j = 0; j < mixed.Length; j++)
                    {
                        mixed[j] = (alpha * real[j]) + ((1 - alpha) * f[j]);
                    }
                }
            }

            loss += Critic.GradientPenalty(_mixedRows, _options.GradientPenaltyWeight);
        }

        return loss;
    }

    private double GeneratorStep()
    {
        double loss = GeneratorLossAndGradients();
        GeneratorOptimizer.Step();
        return loss;
    }

    /// <summary>The generator's loss on a fresh batch, its gradients left in the generator's parameters (no update).</summary>
    internal double GeneratorLossAndGradients()
    {
        SampleInput(withRealRows: false);
        var fake = Generator.Forward(_input, training: true);
        Concat(fake, _condition, _fakeRows);

        // the critic passes the gradient to its input but must not learn from this step
        Critic.ComputeParameterGradients = false;
        double loss = ScoreAndBackward(_fakeRows, real: true, forGenerator: true);
        Critic.ComputeParameterGradients = true;

        var packed = Critic.InputGradient!; // (P, pac·(W + C)) = (B, W + C) row-major
        int rowWidth = _w + _c;
        for (int r = 0; r < _b; r++)
        {
            packed.Data.AsSpan(r * rowWidth, _w).CopyTo(_fakeGradient.Row(r));
        }

        _logitsGradient.Clear();
        if (_c > 0)
        {
            // conditional cross-entropy: the generator must produce the category it was asked for
            for (int r = 0; r < _b; r++)
            {
                _spanStart[r] = _sampler.EncodedOffset(_column[r]);
                _spanLength[r] = _sampler.CategoryCount(_column[r]);
            }

            loss += Losses.CrossEntropyOverSpans(Generator.Logits, _spanStart, _spanLength, _category, _logitsGradient);
        }

        Generator.Backward(_fakeGradient, _logitsGradient);
        return loss;
    }

    /// <summary>Scores rows, adds this term's loss gradient into the critic (or only to its input) and returns the term.</summary>
    private double ScoreAndBackward(Matrix rows, bool real, bool forGenerator)
    {
        var score = Critic.Forward(rows, training: true).Span;
        var grad = _scoreGradient.Span;
        double loss = _options.Loss switch
        {
            // critic: mean D(fake) − mean D(real); generator: −mean D(fake)
            GanLoss.WassersteinGradientPenalty => Losses.Wasserstein(score, real ? -1f : 1f, grad),
            GanLoss.Standard => Losses.BceWithLogits(score, real ? 1f : 0f, grad),
            _ => Losses.MeanSquaredError(score, real ? 1f : 0f, grad, scale: 0.5f),
        };
        Critic.Backward(_scoreGradient);
        return loss;
    }

    /// <inheritdoc />
    public void Finish()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>Noise, training conditions and (for the critic) real rows that share the permuted conditions.</summary>
    internal void SampleInput(bool withRealRows)
    {
        for (int r = 0; r < _b; r++)
        {
            _noiseRng.FillNormal(_input.Row(r)[.._e]);
        }

        if (_c > 0)
        {
            _sampler.SampleForTraining(_conditionRng, _column, _category, _condition, byFrequency: Privacy is not null);
            for (int r = 0; r < _b; r++)
            {
                _condition.Row(r).CopyTo(_input.Row(r)[_e..]);
            }
        }

        if (!withRealRows)
        {
            return;
        }

        for (int r = 0; r < _b; r++)
        {
            _permutation[r] = r;
        }

        _conditionRng.Shuffle(_permutation.AsSpan());
        for (int r = 0; r < _b; r++)
        {
            int p = _permutation[r];
            int row = _c > 0 ? _sampler.SampleRealRow(_column[p], _category[p], _conditionRng) : _conditionRng.NextInt(_data.Rows);
            var target = _realRows.Row(r);
            _data.Row(row).CopyTo(target);
            if (_c > 0)
            {
                _condition.Row(p).CopyTo(target[_w..]);
            }
        }
    }

    private static void Concat(Matrix left, Matrix right, Matrix output)
    {
        for (int r = 0; r < output.Rows; r++)
        {
            var row = output.Row(r);
            left.Row(r).CopyTo(row);
            right.Row(r).CopyTo(row[left.Cols..]);
        }
    }
}
