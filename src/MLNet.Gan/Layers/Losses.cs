using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// Losses as forward/backward in one call: each returns the mean loss (double, for an accurate
/// scalar) and writes dLoss/dInput, multiplied by <c>scale</c>, into a gradient buffer of the
/// input's shape. The scale lets a caller weight a term (½ in LSGAN) without another pass.
/// </summary>
internal static class Losses
{
    /// <summary>
    /// Binary cross-entropy on logits against one target for every row:
    /// mean(max(x, 0) − x·t + log(1 + e^(−|x|))); d/dx = (σ(x) − t)/N.
    /// </summary>
    public static double BceWithLogits(ReadOnlySpan<float> logits, float target, Span<float> gradient, float scale = 1f)
    {
        int n = logits.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            float x = logits[i];
            loss += Math.Max(x, 0f) - (x * target) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
            float sigmoid = 1f / (1f + MathF.Exp(-x));
            gradient[i] = scale * (sigmoid - target) / n;
        }

        return scale * loss / n;
    }

    /// <summary>
    /// The Wasserstein critic's term: sign · mean(x), d/dx = sign/N. The critic minimises mean D(fake) − mean D(real)
    /// (sign +1 on generated rows, −1 on real ones); the generator minimises −mean D(fake).
    /// </summary>
    public static double Wasserstein(ReadOnlySpan<float> scores, float sign, Span<float> gradient)
    {
        double sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            sum += scores[i];
            gradient[i] = sign / scores.Length;
        }

        return sign * sum / scores.Length;
    }

    /// <summary>Mean squared error against one target for every value: mean((x − t)²); d/dx = 2(x − t)/N.</summary>
    public static double MeanSquaredError(ReadOnlySpan<float> values, float target, Span<float> gradient, float scale = 1f)
    {
        int n = values.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            float d = values[i] - target;
            loss += (double)d * d;
            gradient[i] = scale * 2f * d / n;
        }

        return scale * loss / n;
    }

    /// <summary>Mean squared error against per-value targets: mean((x − t)²).</summary>
    public static double MeanSquaredError(ReadOnlySpan<float> values, ReadOnlySpan<float> targets, Span<float> gradient, float scale = 1f)
    {
        int n = values.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            float d = values[i] - targets[i];
            loss += (double)d * d;
            gradient[i] = scale * 2f * d / n;
        }

        return scale * loss / n;
    }

    /// <summary>
    /// Cross-entropy of one span per row against a class index: for row r, −log softmax(x[r, s..s+len])[t],
    /// averaged over rows (rows with target −1 are skipped but still count in the mean, as a masked
    /// sum divided by the batch). Adds scale · d/dx into <paramref name="gradient"/> on the span only.
    /// </summary>
    public static double CrossEntropyOverSpans(
        Matrix logits, ReadOnlySpan<int> spanStart, ReadOnlySpan<int> spanLength, ReadOnlySpan<int> target, Matrix gradient, float scale = 1f)
    {
        int b = logits.Rows;
        double loss = 0;
        for (int r = 0; r < b; r++)
        {
            if (target[r] < 0)
            {
                continue;
            }

            var x = logits.Row(r).Slice(spanStart[r], spanLength[r]);
            var g = gradient.Row(r).Slice(spanStart[r], spanLength[r]);
            float lse = Kernels.LogSumExp(x);
            loss += lse - x[target[r]];

            // d/dx of (lse − x_t) = softmax(x) − onehot(t)
            for (int j = 0; j < x.Length; j++)
            {
                g[j] += scale * (MathF.Exp(x[j] - lse) - (j == target[r] ? 1f : 0f)) / b;
            }
        }

        return scale * loss / b;
    }
}
