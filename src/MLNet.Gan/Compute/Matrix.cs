namespace MLNet.Gan.Compute;

/// <summary>
/// A row-major float32 matrix over a flat array. The array is allocated for a capacity of rows
/// once; <see cref="SetRows"/> changes the number of live rows without allocating, so a layer can
/// serve the last, smaller batch of an epoch from the same buffer.
/// </summary>
internal sealed class Matrix
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

    /// <summary>
    /// A view of <paramref name="source"/>'s array as <paramref name="rows"/> × <paramref name="cols"/>
    /// (row-major data read with another row width: B rows of F become B/pac rows of pac·F, which is
    /// how PacGAN packs rows, at no cost). The view shares the array; it never grows.
    /// </summary>
    public static Matrix View(Matrix source, int rows, int cols)
    {
        if ((long)rows * cols > source.Data.Length)
        {
            throw new ArgumentException($"A {rows}×{cols} view does not fit in {source.Data.Length} values.", nameof(rows));
        }

        return new Matrix(source.Data, rows, cols);
    }

    private Matrix(float[] data, int rows, int cols)
    {
        _data = data;
        Rows = rows;
        Cols = cols;
        IsView = true;
    }

    /// <summary>True for a view from <see cref="View"/>, which shares another matrix's array.</summary>
    public bool IsView { get; }

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
    /// A reusable buffer: allocates <paramref name="buffer"/> on first use (or when its width is not
    /// <paramref name="cols"/>) and sets its live rows to <paramref name="rows"/> (growing only past its
    /// capacity), so a step allocates nothing once sized.
    /// </summary>
    public static Matrix Reuse(ref Matrix? buffer, int rows, int cols)
    {
        if (buffer is null || buffer.Cols != cols)
        {
            buffer = new Matrix(rows, cols);
        }

        buffer.SetRows(rows);
        return buffer;
    }

    /// <summary>
    /// Sets the number of live rows. Grows the backing array only when the capacity is exceeded
    /// (so a training loop allocates on its first step and never after).
    /// </summary>
    public void SetRows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rows > CapacityRows)
        {
            if (IsView)
            {
                throw new InvalidOperationException($"A view of {CapacityRows} rows cannot grow to {rows}.");
            }

            Array.Resize(ref _data, rows * Cols);
        }

        Rows = rows;
    }

    /// <summary>Sets every live value to zero.</summary>
    public void Clear() => Span.Clear();

    /// <inheritdoc />
    public override string ToString() => $"Matrix({Rows}×{Cols})";
}
