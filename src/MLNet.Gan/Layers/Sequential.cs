using MLNet.Gan.Compute;

namespace MLNet.Gan.Layers;

/// <summary>Layers applied in order; backward runs them in reverse.</summary>
internal sealed class Sequential : Layer
{
    private readonly Layer[] _layers;
    private readonly Parameter[] _parameters;
    private readonly Parameter[] _state;

    /// <summary>Chains <paramref name="layers"/>; each one's output width must equal the next one's input width.</summary>
    public Sequential(params Layer[] layers)
        : base(layers[0].InputWidth, layers[^1].OutputWidth)
    {
        for (int i = 1; i < layers.Length; i++)
        {
            if (layers[i].InputWidth != layers[i - 1].OutputWidth)
            {
                throw new ArgumentException($"Layer {i} ({layers[i].GetType().Name}) expects width {layers[i].InputWidth} but layer {i - 1} outputs {layers[i - 1].OutputWidth}.", nameof(layers));
            }
        }

        _layers = layers;
        _parameters = [.. layers.SelectMany(l => l.Parameters)];
        _state = [.. layers.SelectMany(l => l.State)];
        var duplicate = _parameters.Concat(_state).GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Parameter name '{duplicate.Key}' is used twice; names must be unique to save and load.", nameof(layers));
        }
    }

    /// <summary>The layers, in forward order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> State => _state;

    /// <inheritdoc />
    public override Matrix Forward(Matrix input, bool training)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(x, training);
        }

        return x;
    }

    /// <inheritdoc />
    public override Matrix Backward(Matrix outputGradient)
    {
        var g = outputGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        return g;
    }

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ClearGradients()
    {
        foreach (var p in _parameters)
        {
            p.ClearGradient();
        }
    }
}
