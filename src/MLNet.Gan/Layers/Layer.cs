using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>
/// A network layer with an explicit forward/backward pair. Dimension letters used throughout:
/// B = rows in the batch, C = input width, OC = output width.
/// </summary>
/// <remarks>
/// A layer owns its parameters, their gradients and its activation buffers. Buffers are sized for
/// the largest batch seen and reused, so a training step allocates nothing. <see cref="Forward"/>
/// keeps a reference to its input for <see cref="Backward"/>: the caller must not change the input
/// between the two. Parameter gradients accumulate (+=) until the optimizer clears them, so several
/// forward/backward passes (real and fake batches of a critic) add up like PyTorch's.
/// </remarks>
internal abstract class Layer
{
    /// <summary>Creates a layer mapping rows of <paramref name="inputWidth"/> to rows of <paramref name="outputWidth"/>.</summary>
    protected Layer(int inputWidth, int outputWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
    }

    /// <summary>Width C of an input row.</summary>
    public int InputWidth { get; }

    /// <summary>Width OC of an output row.</summary>
    public int OutputWidth { get; }

    /// <summary>Trainable parameters, in a fixed order (the order they are saved in).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Non-trainable tensors saved with the model (BatchNorm's running statistics); their gradients are unused.</summary>
    public virtual IReadOnlyList<Parameter> State => [];

    /// <summary>Computes the output (B, OC) of an input (B, C). <paramref name="training"/> selects batch statistics and dropout.</summary>
    public abstract Matrix Forward(Matrix input, bool training);

    /// <summary>Given dL/dOutput (B, OC), adds dL/dParameters into the gradients and returns dL/dInput (B, C).</summary>
    public abstract Matrix Backward(Matrix outputGradient);

    /// <summary>Throws when an input does not have the width this layer was built for.</summary>
    protected void CheckInput(Matrix input)
    {
        if (input.Cols != InputWidth)
        {
            throw new ArgumentException($"{GetType().Name} expects rows of width {InputWidth}, got {input.Cols}.", nameof(input));
        }
    }

    /// <summary>Throws when a gradient does not match the last forward output.</summary>
    protected void CheckGradient(Matrix gradient, Matrix? lastInput)
    {
        if (lastInput is null)
        {
            throw new InvalidOperationException($"{GetType().Name}.Backward called before Forward.");
        }

        if (gradient.Cols != OutputWidth || gradient.Rows != lastInput.Rows)
        {
            throw new ArgumentException($"{GetType().Name} expects a gradient of {lastInput.Rows}×{OutputWidth}, got {gradient.Rows}×{gradient.Cols}.", nameof(gradient));
        }
    }
}

/// <summary>A trainable tensor and its gradient, stored flat (row-major when it is a matrix).</summary>
internal sealed class Parameter
{
    /// <summary>Creates a zero-initialised parameter of <paramref name="rows"/> × <paramref name="cols"/>.</summary>
    public Parameter(string name, int rows, int cols)
    {
        Name = name;
        Rows = rows;
        Cols = cols;
        Value = new float[rows * cols];
        Gradient = new float[rows * cols];
    }

    /// <summary>Name, unique within a network (saved with the values).</summary>
    public string Name { get; }

    /// <summary>Rows (1 for a vector).</summary>
    public int Rows { get; }

    /// <summary>Columns.</summary>
    public int Cols { get; }

    /// <summary>Number of values.</summary>
    public int Length => Value.Length;

    /// <summary>The values.</summary>
    public float[] Value { get; }

    /// <summary>dL/dValue, accumulated by backward passes until cleared.</summary>
    public float[] Gradient { get; }

    /// <summary>Sets the gradient to zero.</summary>
    public void ClearGradient() => Array.Clear(Gradient);

    /// <summary>Fills the values with U(−bound, bound).</summary>
    public void InitUniform(RandomStream rng, float bound)
    {
        for (int i = 0; i < Value.Length; i++)
        {
            Value[i] = ((2f * rng.NextFloat()) - 1f) * bound;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Rows}×{Cols})";
}
