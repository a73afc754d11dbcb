using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.Synthesizers;

/// <summary>
/// The PacGAN critic: <c>pac</c> rows of [data | condition] are judged together (so the critic can see
/// a lack of diversity, which counters mode collapse). Packed input P = B/pac rows of width
/// pac·F → [Linear(→256) → LeakyReLU(0.2) → Dropout(0.5)] × 2 → Linear(→1).
/// </summary>
internal sealed class PackedCritic
{
    private readonly Linear _fc1, _fc2, _fc3;
    private readonly LeakyReLU _act1, _act2;
    private readonly Dropout _drop1, _drop2;
    private readonly Sequential _network;

    // Gradient-penalty buffers, (P, H) unless noted; allocated once per batch size.
    private Matrix? _u2, _v1, _u1, _g, _dU1, _dV1, _dU2;

    /// <summary>Builds the critic for rows of <paramref name="rowWidth"/> (data + condition) packed by <paramref name="pac"/>.</summary>
    public PackedCritic(int rowWidth, int pac, IReadOnlyList<int> hidden, float leakySlope, float dropout, RandomStream initRng, RandomStream dropoutRng)
    {
        if (hidden.Count != 2)
        {
            throw new ArgumentException("The critic has two hidden layers (its gradient penalty is written for that shape).", nameof(hidden));
        }

        RowWidth = rowWidth;
        Pac = pac;
        int h1 = hidden[0], h2 = hidden[1];
        _fc1 = new Linear(rowWidth * pac, h1, initRng, "critic.fc1");
        _act1 = new LeakyReLU(h1, leakySlope);
        _drop1 = new Dropout(h1, dropout, dropoutRng);
        _fc2 = new Linear(h1, h2, initRng, "critic.fc2");
        _act2 = new LeakyReLU(h2, leakySlope);
        _drop2 = new Dropout(h2, dropout, dropoutRng);
        _fc3 = new Linear(h2, 1, initRng, "critic.fc3");
        _network = new Sequential(_fc1, _act1, _drop1, _fc2, _act2, _drop2, _fc3);
    }

    /// <summary>The three linear layers, in order (for another engine to copy).</summary>
    internal IReadOnlyList<Linear> Linears => [_fc1, _fc2, _fc3];

    /// <summary>LeakyReLU's slope for negative inputs.</summary>
    internal float LeakySlope => _act1.Slope;

    /// <summary>Dropout probability after each hidden layer.</summary>
    internal float DropoutProbability => _drop1.Probability;

    /// <summary>Width F of one unpacked row (encoded data + condition).</summary>
    public int RowWidth { get; }

    /// <summary>Rows per packed group.</summary>
    public int Pac { get; }

    /// <summary>Trainable parameters.</summary>
    public IReadOnlyList<Parameter> Parameters => _network.Parameters;

    /// <summary>Whether backward passes accumulate parameter gradients (off during generator steps).</summary>
    public bool ComputeParameterGradients
    {
        set => _fc1.ComputeParameterGradients = _fc2.ComputeParameterGradients = _fc3.ComputeParameterGradients = value;
    }

    /// <summary>Where backward passes add each packed row's squared gradient norm (see <see cref="Linear.PerExampleSquaredNorms"/>); null for none.</summary>
    internal float[]? PerExampleSquaredNorms
    {
        set => _fc1.PerExampleSquaredNorms = _fc2.PerExampleSquaredNorms = _fc3.PerExampleSquaredNorms = value;
    }

    /// <summary>Scores rows (B, F), B a multiple of pac: returns (B/pac, 1).</summary>
    public Matrix Forward(Matrix rows, bool training) => _network.Forward(Pack(rows), training);

    /// <summary>Backpropagates dL/dScore (B/pac, 1); returns dL/dRows as a packed (B/pac, pac·F) matrix.</summary>
    public Matrix Backward(Matrix scoreGradient) => InputGradient = _network.Backward(scoreGradient);

    /// <summary>dL/dRows of the last <see cref="Backward"/>, packed (B/pac, pac·F): row-major, the same values as (B, F).</summary>
    public Matrix? InputGradient { get; private set; }

    /// <summary>
    /// WGAN-GP: forward on the interpolated rows x̂, then λ·mean((‖∇ₓD(x̂)‖ − 1)²) over packed groups,
    /// with its exact gradient added to the parameter gradients. Returns the penalty.
    /// </summary>
    /// <remarks>
    /// D is piecewise linear, so with slopes s and dropout masks m of this pass held fixed:
    /// u₂ = w₃ ⊙ m₂ ⊙ s₂, v₁ = u₂·W₂ᵀ, u₁ = v₁ ⊙ m₁ ⊙ s₁, g = ∇ₓD = u₁·W₁ᵀ.
    /// The penalty depends on the weights through g only (biases move no slope), so backpropagating
    /// dP/dg through those three lines gives the double-backpropagation gradient.
    /// </remarks>
    public double GradientPenalty(Matrix interpolatedRows, float lambda)
    {
        _network.Forward(Pack(interpolatedRows), training: true);
        var g = InputGradientOfLastForward();
        int p = g.Rows, h1 = _fc1.OutputWidth, h2 = _fc2.OutputWidth, f = _fc1.InputWidth;
        float slope = _act1.Slope;
        var a1 = _act1.Input!;
        var a2 = _act2.Input!;
        var m1 = _drop1.Mask!;
        var m2 = _drop2.Mask!;
        var u1 = _u1!;
        var u2 = _u2!;

        // P = λ/P · Σ (‖g‖ − 1)², so dP/dg = λ/P · 2(‖g‖ − 1) · g/‖g‖ (in place of g)
        double penalty = 0;
        for (int r = 0; r < p; r++)
        {
            var row = g.Row(r);
            double norm = Math.Sqrt(Kernels.DotDouble(row, row));
            penalty += (norm - 1) * (norm - 1);
            float scale = norm > 0 ? (float)(lambda * 2 * (norm - 1) / (p * norm)) : 0f;
            Kernels.Scale(row, scale);
        }

        // backward of the gradient: dW₁ += dgᵀ·u₁, du₁ = dg·W₁, dv₁ = du₁ ⊙ m₁ ⊙ s₁, dW₂ += dv₁ᵀ·u₂, du₂ = dv₁·W₂, dw₃ += Σ du₂ ⊙ m₂ ⊙ s₂
        Gemm.MatMulTransA(g.Span, u1.Span, _fc1.Weight.Gradient, f, h1, p, accumulate: true);
        var dU1 = Matrix.Reuse(ref _dU1, p, h1);
        Gemm.MatMul(g.Span, _fc1.Weight.Value, dU1.Span, p, h1, f);
        var dV1 = Matrix.Reuse(ref _dV1, p, h1);
        Kernels.MaskedLeakySlope(dU1.Span, m1.Span, a1.Span, slope, dV1.Span);

        Gemm.MatMulTransA(dV1.Span, u2.Span, _fc2.Weight.Gradient, h1, h2, p, accumulate: true);
        var dU2 = Matrix.Reuse(ref _dU2, p, h2);
        Gemm.MatMul(dV1.Span, _fc2.Weight.Value, dU2.Span, p, h2, h1);
        var dw3 = _fc3.Weight.Gradient;
        for (int r = 0; r < p; r++)
        {
            for (int j = 0; j < h2; j++)
            {
                dw3[j] += dU2[r, j] * m2[r, j] * (a2[r, j] > 0f ? 1f : slope);
            }
        }

        return lambda * penalty / p;
    }

    /// <summary>
    /// ∇ₓD (P, pac·F) at the last forward pass, by the second linear pass with that pass's slopes and
    /// dropout masks: g = ((w₃ ⊙ m₂ ⊙ s₂)·W₂ᵀ ⊙ m₁ ⊙ s₁)·W₁ᵀ. Keeps u₁ and u₂ for the penalty's backward.
    /// </summary>
    internal Matrix InputGradientOfLastForward()
    {
        int p = _act1.Input!.Rows, h1 = _fc1.OutputWidth, h2 = _fc2.OutputWidth, f = _fc1.InputWidth;
        float slope = _act1.Slope;
        var w3 = _fc3.Weight.Value;
        var a1 = _act1.Input!;
        var a2 = _act2.Input!;
        var m1 = _drop1.Mask!;
        var m2 = _drop2.Mask!;
        var u2 = Matrix.Reuse(ref _u2, p, h2);
        for (int r = 0; r < p; r++)
        {
            Kernels.MaskedLeakySlope(w3, m2.Row(r), a2.Row(r), slope, u2.Row(r));
        }

        var v1 = Matrix.Reuse(ref _v1, p, h1);
        Gemm.MatMulTransB(u2.Span, _fc2.Weight.Value, v1.Span, p, h1, h2);
        var u1 = Matrix.Reuse(ref _u1, p, h1);
        Kernels.MaskedLeakySlope(v1.Span, m1.Span, a1.Span, slope, u1.Span);

        var g = Matrix.Reuse(ref _g, p, f);
        Gemm.MatMulTransB(u1.Span, _fc1.Weight.Value, g.Span, p, f, h1);
        return g;
    }

    private Matrix Pack(Matrix rows)
    {
        if (rows.Cols != RowWidth || rows.Rows % Pac != 0)
        {
            throw new ArgumentException($"The critic packs {Pac} rows of width {RowWidth}; got {rows.Rows}×{rows.Cols}.", nameof(rows));
        }

        if (Pac == 1)
        {
            return rows; // nothing to pack (private training's Poisson batches vary in size every step)
        }

        // Views are cached per buffer so a training step allocates nothing.
        int packed = rows.Rows / Pac;
        for (int i = 0; i < _views.Length; i++)
        {
            var v = _views[i];
            if (v is null)
            {
                return _views[i] = Matrix.View(rows, packed, RowWidth * Pac);
            }

            if (ReferenceEquals(v.Data, rows.Data) && v.Rows == packed)
            {
                return v;
            }
        }

        return Matrix.View(rows, packed, RowWidth * Pac);
    }

    private readonly Matrix?[] _views = new Matrix?[8];
}
