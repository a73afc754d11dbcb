using System.Reflection;
using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>Which implementation trains a synthesizer's networks.</summary>
public enum ComputeEngine
{
    /// <summary>Our own compute core (managed SIMD GEMM, explicit forward/backward): no native dependency.</summary>
    Managed,

    /// <summary>
    /// libtorch through TorchSharp, on a CPU or a CUDA device: needs the MLNet.Gan.TorchSharp assembly and
    /// TorchSharp's native packages (TorchSharp-cpu, or TorchSharp-cuda-linux for CUDA) in the application.
    /// The trained model is the same archive as the managed engine's and samples without libtorch.
    /// </summary>
    TorchSharp,
}

/// <summary>Checks an engine and device pair, as the options' <c>Validate</c> does, for a caller that picks them before it has options.</summary>
public static class EngineChoice
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the engine or device unless the pair can run.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>; anything but <c>cpu</c> needs the TorchSharp engine.</param>
    public static void Validate(ComputeEngine engine, string device)
    {
        if (!Enum.IsDefined(engine))
        {
            throw new ArgumentException($"Unknown engine {engine}: managed or torchsharp.");
        }

        bool known = device == "cpu" || device == "cuda" || (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device.AsSpan(5), out int n) && n >= 0);
        if (!known)
        {
            throw new ArgumentException($"Unknown device '{device}': cpu, cuda or cuda:N.");
        }

        if (engine == ComputeEngine.Managed && device != "cpu")
        {
            throw new ArgumentException($"The managed engine runs on the CPU; device '{device}' needs the TorchSharp engine.");
        }
    }
}

/// <summary>The engine could not run: what is missing, in one line (no stack trace is needed to act on it).</summary>
public sealed class EngineUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A CTGAN run's training steps, by one engine.</summary>
internal interface ICtGanSteps : IDisposable
{
    /// <summary>One critic update (or several) and one generator update; returns both losses.</summary>
    (double Generator, double Critic) Step();

    /// <summary>Leaves the trained weights (and BatchNorm statistics) in the managed run's generator, from which the model is built.</summary>
    void Finish();
}

/// <summary>A TVAE run's training steps, by one engine.</summary>
internal interface ITvaeSteps : IDisposable
{
    /// <summary>One update on an encoded batch (B, W); returns the loss.</summary>
    double Step(Matrix batch);

    /// <summary>Leaves the trained weights in the managed network, from which the model is built.</summary>
    void Finish();
}

/// <summary>
/// An engine other than the managed one (MLNet.Gan.TorchSharp provides it). It trains from the managed
/// run's networks (their initial weights) and random streams, so both engines draw the same batches.
/// </summary>
internal interface IExternalEngine
{
    /// <summary>Starts a CTGAN run from <paramref name="managed"/>'s initial weights, batches and streams.</summary>
    ICtGanSteps StartCtGan(CtGanTraining managed, string device);

    /// <summary>Starts a TVAE run from <paramref name="network"/>'s initial weights; <paramref name="noise"/> draws the reparameterisation noise.</summary>
    ITvaeSteps StartTvae(TvaeNetwork network, TvaeOptions options, RandomStream noise, string device);

    /// <summary>Samples a trained CTGAN on <paramref name="device"/> with the managed engine's draws.</summary>
    Table SampleCtGan(CtGanModel model, int rows, string? column, string? value, long seed, bool roundIntegers, string device);

    /// <summary>Samples a trained TVAE on <paramref name="device"/> with the managed engine's draws.</summary>
    Table SampleTvae(TvaeModel model, int rows, string? column, string? value, long seed, bool roundIntegers, string device);
}

/// <summary>Finds the TorchSharp engine, which lives in its own assembly so that the core needs no libtorch.</summary>
internal static class ExternalEngines
{
    // found by name, on purpose: a reference would make the core depend on TorchSharp and its 600 MB of libtorch
    private const string TorchSharpType = "MLNet.Gan.TorchSharp.TorchSharpEngine, MLNet.Gan.TorchSharp";

    public static IExternalEngine TorchSharp()
    {
        Type? type;
        try
        {
            type = Type.GetType(TorchSharpType, throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new EngineUnavailableException($"The TorchSharp engine's assembly MLNet.Gan.TorchSharp could not be loaded: {e.Message}", e);
        }

        if (type is null)
        {
            throw new EngineUnavailableException("The TorchSharp engine needs the MLNet.Gan.TorchSharp assembly: reference the MLNet.Gan.TorchSharp project (or package) and TorchSharp-cpu (or TorchSharp-cuda-linux for CUDA) from your application.");
        }

        try
        {
            return (IExternalEngine)Activator.CreateInstance(type, nonPublic: true)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is EngineUnavailableException unavailable)
        {
            throw unavailable;
        }
    }
}
