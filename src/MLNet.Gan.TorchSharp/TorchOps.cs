using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.TorchSharp;

/// <summary>
/// Tensor arithmetic without short-lived <see cref="Scalar"/>s. TorchSharp 0.107 turns every number in
/// an operator (and the implicit α = 1 of <c>a + b</c>) into a <see cref="Scalar"/> that only the
/// garbage collector frees, and passes its handle to libtorch without keeping the object alive: a
/// collection during the call can free it mid-use (seen as "toFloat … Expected false to be true" in a
/// long benchmark). The numbers here live as long as the process; the layers use these helpers and
/// <c>addmm</c>, which takes plain floats.
/// </summary>
internal static class TorchOps
{
    public static readonly Scalar One = 1f.ToScalar();
    public static readonly Scalar Two = 2f.ToScalar();
    public static readonly Scalar Half = 0.5f.ToScalar();
    public static readonly Scalar MinusHalf = (-0.5f).ToScalar();

    /// <summary>x · W + b for x (B, in), W (in, out), b (1, out).</summary>
    public static Tensor Linear(Tensor x, Tensor w, Tensor b) => torch.addmm(b, x, w, 1f, 1f);

    /// <summary>a + b.</summary>
    public static Tensor Add(Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a².</summary>
    public static Tensor Square(Tensor a) => a.mul(a);

    /// <summary>1 − a.</summary>
    public static Tensor OneMinus(Tensor a) => a.neg().add(One, One);
}
