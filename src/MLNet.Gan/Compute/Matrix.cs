namespace MLNet.Gan.Compute;

/// <summary>
/// A row-major float32 matrix over a flat array. The array is allocated for a capacity of rows
/// once; <see cref="SetRows"/> changes the number of live rows without allocating, so a layer can
/// serve the last, smaller batch of an epoch from the same buffer.
/// </summary>
public sealed class Matrix
{
    private float[] _data;

    /// <summary>Creates a zero-filled matrix of <paramref name="rows"/> × <paramref name="cols"/>.</summary>
    public Matrix(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Rows = rows;
        Cols = cols;
        _data = new float[Math.Max(1, rows * cols)];
    }

    /// <summary>Wraps existing values (copied) as a <paramref name="rows"/> × <paramref name="cols"/> matrix.</summary>
    public static Matrix FromArray(int rows, int cols, ReadOnlySpan<float> values)
    {
        if (values.Length != rows * cols)
        {
            throw new ArgumentException($"Expected {rows}×{cols} = {rows * cols} values, got {values.Length}.", nameof(values));
        }

        var m = new Matrix(rows, cols);
        values.CopyTo(m._data);
        return m;
    }

    /// <summary>Number of live rows.</summary>
    public int Rows { get; private set; }

    /// <summary>Number of columns (fixed for the life of the matrix).</summary>
    public int Cols { get; }

    /// <summary>Rows the backing array can hold without reallocating.</summary>
    public int CapacityRows => Cols == 0 ? int.MaxValue : _data.Length / Cols;

    /// <summary>The backing array; its first <c>Rows × Cols</c> entries are the live values.</summary>
    public float[] Data => _data;

    /// <summary>The live values, row-major.</summary>
    public Span<float> Span => _data.AsSpan(0, Rows * Cols);

    /// <summary>One row of live values.</summary>
    public Span<float> Row(int row) => _data.AsSpan(row * Cols, Cols);

    /// <summary>Element at (<paramref name="row"/>, <paramref name="col"/>).</summary>
    public ref float this[int row, int col] => ref _data[(row * Cols) + col];

    /// <summary>
    /// Sets the number of live rows. Grows the backing array only when the capacity is exceeded
    /// (so a training loop allocates on its first step and never after).
    /// </summary>
    public void SetRows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rows > CapacityRows)
        {
            Array.Resize(ref _data, rows * Cols);
        }

        Rows = rows;
    }

    /// <summary>Sets every live value to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Copies the live values of another matrix of the same shape into this one.</summary>
    public void CopyFrom(Matrix source)
    {
        if (source.Cols != Cols)
        {
            throw new ArgumentException($"Column count mismatch: {source.Cols} vs {Cols}.", nameof(source));
        }

        SetRows(source.Rows);
        source.Span.CopyTo(Span);
    }

    /// <inheritdoc />
    public override string ToString() => $"Matrix({Rows}×{Cols})";
}
