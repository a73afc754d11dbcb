using MLNet.Gan.Compute;
using MLNet.Gan.DifferentialPrivacy;
using MLNet.Gan.Encoding;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Synthesizers;

/// <summary>The critic's differentially private step (DP-SGD); the generator's step sees no real row and is unchanged.</summary>
internal sealed partial class CtGanTraining
{
    private int[] _poissonRows = [];
    private Matrix? _poissonReal, _poissonScoreGradient;

    /// <summary>The private training plan (σ, q, steps), or null when training is not private.</summary>
    public PrivateTraining? Privacy { get; }

    /// <summary>
    /// The critic's loss and private gradient. Real rows: a Poisson batch (each row with probability
    /// q), each with a condition taken from the row itself (a discrete column drawn uniformly, the
    /// row's own category in it), so nothing but the row decides its input. Each real row's gradient
    /// of its loss term is clipped to C by the two-pass method of <see cref="TvaeNetwork.PrivateLossAndBackward"/>
    /// (pac = 1, so a critic input is one row), noise N(0, σ²C²) is added to the sum, which is divided
    /// by the expected batch q·n. The fake term (B generated rows, conditions by frequency) involves no
    /// real row and is added as in the plain step.
    /// </summary>
    private double PrivateCriticLossAndGradients()
    {
        var privacy = Privacy!;
        SampleInput(withRealRows: false);
        var fake = Generator.Forward(_input, training: true);
        Concat(fake, _condition, _fakeRows);
        Critic.ComputeParameterGradients = true;
        CriticOptimizer.ClearGradients();

        if (_poissonRows.Length == 0)
        {
            _poissonRows = new int[2 * _b];
        }

        int m = privacy.DrawBatch(ref _poissonRows);
        double realLoss = 0;
        if (m > 0)
        {
            var real = Matrix.Reuse(ref _poissonReal, m, _w + _c);
            real.Clear();
            for (int r = 0; r < m; r++)
            {
                var row = real.Row(r);
                var encoded = _data.Row(_poissonRows[r]);
                encoded.CopyTo(row);
                if (_c > 0)
                {
                    int d = _conditionRng.NextInt(_sampler.DiscreteColumnCount);
                    int k = ContinuousEncoder.ArgMax(encoded.Slice(_sampler.EncodedOffset(d), _sampler.CategoryCount(d)));
                    row[_w + _sampler.ConditionOffset(d) + k] = 1f;
                }
            }

            var score = Critic.Forward(real, training: true).Span;
            var gradient = Matrix.Reuse(ref _poissonScoreGradient, m, 1);

            // each row's own loss term (not divided by m): target 1, "real"
            realLoss = _options.Loss == GanLoss.Standard
                ? Losses.BceWithLogits(score, 1f, gradient.Span, scale: m)
                : Losses.MeanSquaredError(score, 1f, gradient.Span, scale: 0.5f * m);
            var squaredNorms = privacy.SquaredNorms(m);
            var norms = squaredNorms.AsSpan(0, m);
            Critic.PerExampleSquaredNorms = squaredNorms;
            Critic.ComputeParameterGradients = false;
            Critic.Backward(gradient);
            Critic.PerExampleSquaredNorms = null;
            Critic.ComputeParameterGradients = true;
            privacy.ClipFactors(norms);
            for (int r = 0; r < m; r++)
            {
                gradient.Span[r] *= norms[r];
            }

            Critic.Backward(gradient);
            realLoss /= m;
        }

        privacy.AddNoise(Critic.Parameters);
        double fakeLoss = _options.Loss == GanLoss.Standard
            ? Losses.BceWithLogits(Critic.Forward(_fakeRows, training: true).Span, 0f, _scoreGradient.Span)
            : Losses.MeanSquaredError(Critic.Forward(_fakeRows, training: true).Span, 0f, _scoreGradient.Span, scale: 0.5f);
        Critic.Backward(_scoreGradient);
        return realLoss + fakeLoss;
    }
}
