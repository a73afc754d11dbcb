using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>How a span of output columns is activated.</summary>
internal enum SpanKind
{
    /// <summary>tanh on each column (a continuous value's α).</summary>
    Tanh,

    /// <summary>Soft Gumbel-softmax over the span (a one-hot: a mode or a category).</summary>
    GumbelSoftmax,
}

/// <summary>A contiguous range of columns and how it is activated.</summary>
internal record struct ColumnSpan(int Start, int Length, SpanKind Kind)
{
    /// <summary>One past the last column.</summary>
    public int End => Start + Length;
}

/// <summary>
/// The generator's output activation: tanh on continuous spans and soft Gumbel-softmax,
/// softmax((logits + g)/τ) with g ~ Gumbel(0, 1), on one-hot spans. The noise is drawn in training
/// and sampling alike (the generator's outputs are always soft samples).
/// </summary>
internal sealed class SpanActivation : Layer, IParallelWork
{
    [ThreadStatic]
    private static float[]? _gumbel; // one row's Gumbel draws, grown once per thread

    private readonly ColumnSpan[] _spans;
    private readonly RandomStream _rng;
    private Matrix? _output;
    private Matrix? _inputGradient;
    private Matrix? _input;
    private readonly int _drawsPerRow; // GumbelColumns of the spans
    private float[]? _uniforms; // the batch's draws, row after row, grown once
    private bool _backward;
    private Matrix? _passOutput, _passGradient;

    /// <summary>Creates the activation over <paramref name="spans"/>, which must tile [0, width) in order.</summary>
    public SpanActivation(IReadOnlyList<ColumnSpan> spans, float temperature, RandomStream rng)
        : base(Width(spans), Width(spans))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        int next = 0;
        foreach (var s in spans)
        {
            if (s.Start != next || s.Length < 1)
            {
                throw new ArgumentException($"Spans must tile the columns in order; span at {s.Start} (length {s.Length}) does not follow column {next}.", nameof(spans));
            }

            next = s.End;
        }

        _spans = [.. spans];
        _drawsPerRow = GumbelColumns(_spans);
        Temperature = temperature;
        _rng = rng;
    }

    /// <summary>Gumbel-softmax temperature τ (the generator uses 0.2).</summary>
    public float Temperature { get; }

    /// <summary>The spans, in column order.</summary>
    public IReadOnlyList<ColumnSpan> Spans => _spans;

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        CheckInput(input);
        _input = input;
        var output = Matrix.Reuse(ref _output, input.Rows, OutputWidth);

        // the draws in the order AddGumbel takes them (rows in order, each row's spans in column order), as
        // uniforms: drawing is sequential, but turning them into Gumbel noise and the activations are not
        int draws = input.Rows * _drawsPerRow;
        if (_uniforms is null || _uniforms.Length < draws)
        {
            _uniforms = new float[draws];
        }

        _rng.FillOpenFloats(_uniforms.AsSpan(0, draws));
        (_backward, _passOutput) = (false, output);
        WorkerPool.Shared.RunSplit(this, (long)input.Rows * OutputWidth);
        return output;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        CheckGradient(outputGradient, _input);
        var dx = Matrix.Reuse(ref _inputGradient, outputGradient.Rows, InputWidth);
        (_backward, _passOutput, _passGradient) = (true, dx, outputGradient);
        WorkerPool.Shared.RunSplit(this, (long)outputGradient.Rows * InputWidth);
        _passGradient = null;
        return dx;
    }

    /// <summary>This part's rows of the pass in progress: rows are independent, so the split changes no value.</summary>
    void IParallelWork.Execute(int part, int parts)
    {
        var (r0, r1) = WorkerPool.Slice(_passOutput!.Rows, part, parts);
        for (int r = r0; r < r1; r++)
        {
            if (_backward)
            {
                BackwardRow(_output!.Row(r), _passGradient!.Row(r), _passOutput.Row(r));
            }
            else
            {
                ForwardRow(_input!.Row(r), _uniforms.AsSpan(r * _drawsPerRow, _drawsPerRow), _passOutput.Row(r));
            }
        }
    }

    private void ForwardRow(ReadOnlySpan<float> input, Span<float> uniforms, Span<float> row)
    {
        input.CopyTo(row);
        RandomStream.ToGumbel(uniforms);
        AddNoise(row, _spans, uniforms);
        foreach (var s in _spans)
        {
            var seg = row.Slice(s.Start, s.Length);
            if (s.Kind == SpanKind.Tanh)
            {
                System.Numerics.Tensors.TensorPrimitives.Tanh(seg, seg);
            }
            else
            {
                Kernels.Softmax(seg, Temperature);
            }
        }
    }

    private void BackwardRow(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> d)
    {
        foreach (var s in _spans)
        {
            if (s.Kind == SpanKind.Tanh)
            {
                // out = tanh(inp), so dinp = (1 − out²) · dout
                for (int j = s.Start; j < s.End; j++)
                {
                    d[j] = (1f - (y[j] * y[j])) * dy[j];
                }
            }
            else
            {
                // out = softmax((inp + g)/τ), so dinp = out ⊙ (dout − Σ dout·out) / τ
                float dot = 0f;
                for (int j = s.Start; j < s.End; j++)
                {
                    dot += dy[j] * y[j];
                }

                for (int j = s.Start; j < s.End; j++)
                {
                    d[j] = y[j] * (dy[j] - dot) / Temperature;
                }
            }
        }
    }

    /// <summary>Adds Gumbel(0, 1) noise to one row's one-hot spans, in column order (every engine draws it so).</summary>
    internal static void AddGumbel(Span<float> row, IReadOnlyList<ColumnSpan> spans, RandomStream rng)
    {
        // the row's draws at once, in span and column order, then added span by span (a draw per call through
        // the span loop cost CTGAN a quarter of its step)
        int count = GumbelColumns(spans);
        if (_gumbel is null || _gumbel.Length < count)
        {
            _gumbel = new float[count];
        }

        var noise = _gumbel.AsSpan(0, count);
        rng.FillGumbel(noise);
        AddNoise(row, spans, noise);
    }

    /// <summary>Adds <paramref name="gumbel"/>, one value per one-hot column in column order, to the row's one-hot spans.</summary>
    private static void AddNoise(Span<float> row, IReadOnlyList<ColumnSpan> spans, ReadOnlySpan<float> gumbel)
    {
        // an index loop: foreach over the interface would allocate an enumerator per row
        int at = 0;
        for (int i = 0; i < spans.Count; i++)
        {
            var s = spans[i];
            if (s.Kind == SpanKind.GumbelSoftmax)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(row.Slice(s.Start, s.Length), gumbel.Slice(at, s.Length), row.Slice(s.Start, s.Length));
                at += s.Length;
            }
        }
    }

    /// <summary>Columns of the one-hot spans: one Gumbel draw each per row.</summary>
    private static int GumbelColumns(IReadOnlyList<ColumnSpan> spans)
    {
        int count = 0;
        for (int i = 0; i < spans.Count; i++)
        {
            count += spans[i].Kind == SpanKind.GumbelSoftmax ? spans[i].Length : 0;
        }

        return count;
    }

    private static int Width(IReadOnlyList<ColumnSpan> spans)
        => spans.Count == 0 ? throw new ArgumentException("At least one span is needed.", nameof(spans)) : spans[^1].End;
}
