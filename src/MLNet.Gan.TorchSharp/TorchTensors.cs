using MLNet.Gan.Compute;
using MLNet.Gan.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace MLNet.Gan.TorchSharp;

/// <summary>Moving numbers between our matrices and parameters and libtorch tensors, in the same layouts.</summary>
internal static class TorchTensors
{
    /// <summary>A matrix's live rows as a (rows, cols) tensor on <paramref name="device"/>.</summary>
    public static Tensor Upload(Matrix m, Device device) => Upload(m.Span, m.Rows, m.Cols, device);

    /// <summary>Values as a (rows, cols) tensor on <paramref name="device"/>.</summary>
    public static Tensor Upload(ReadOnlySpan<float> values, long rows, long cols, Device device)
    {
        var cpu = torch.empty(rows, cols, ScalarType.Float32);
        cpu.data<float>().CopyFrom(values, 0, 0);
        return device.type == DeviceType.CPU ? cpu : cpu.to(device);
    }

    /// <summary>A trainable copy of a parameter: a weight (in, out) as (in, out), so rows × weight is the layer; a bias or vector (1, n) as <paramref name="vector"/> (n) or (1, n).</summary>
    public static TorchParameter Trainable(Parameter p, Device device, bool vector = false)
    {
        var t = Upload(p.Value, p.Rows, p.Cols, device);
        return new TorchParameter(vector ? t.reshape(p.Cols) : t, requires_grad: true);
    }

    /// <summary>A copy of a state vector (BatchNorm running statistics), not trained.</summary>
    public static Tensor State(float[] values, Device device) => Upload(values, 1, values.Length, device).reshape(values.Length);

    /// <summary>Copies a tensor's values (same number of elements) into <paramref name="target"/>.</summary>
    public static void Download(Tensor t, Span<float> target)
    {
        using var cpu = t.detach().cpu().contiguous();
        cpu.data<float>().CopyTo(target, 0, 0);
    }

    /// <summary>Copies a tensor's gradient into a new array (for tests).</summary>
    public static float[] Gradient(Tensor t)
    {
        var values = new float[t.numel()];
        if (t.grad is { } g)
        {
            Download(g, values);
        }

        return values;
    }
}
