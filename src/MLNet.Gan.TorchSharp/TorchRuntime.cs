using MLNet.Gan.Compute;
using MLNet.Gan.Synthesizers;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.TorchSharp;

/// <summary>What <c>mlnet-gan info</c> reports about the TorchSharp engine.</summary>
/// <param name="Loads">Whether libtorch loaded.</param>
/// <param name="Detail">libtorch's version and threads, or why it did not load (one line).</param>
/// <param name="CudaAvailable">Whether a CUDA device can be used.</param>
/// <param name="CudaDevices">CUDA devices seen.</param>
public sealed record TorchSharpStatus(bool Loads, string Detail, bool CudaAvailable, int CudaDevices)
{
    /// <summary>Loads libtorch if it can and says what it found.</summary>
    public static TorchSharpStatus Probe()
    {
        if (TorchRuntime.LoadError() is { } error)
        {
            return new TorchSharpStatus(false, error, false, 0);
        }

        bool cuda = torch.cuda.is_available();
        return new TorchSharpStatus(true, $"libtorch {torch.__version__}, {torch.get_num_threads()} threads", cuda, cuda ? torch.cuda.device_count() : 0);
    }
}

/// <summary>Loading libtorch once, devices, threads, and one-line errors when they are not there.</summary>
internal static class TorchRuntime
{
    private static readonly Lazy<string?> Load = new(() =>
    {
        // TorchSharp writes a multi-page trace of its loading attempts to standard output when it
        // fails; the one-line reason below is what a user needs, so the trace is held back.
        var output = Console.Out;
        try
        {
            Console.SetOut(TextWriter.Null);
            torch.zeros(1).Dispose();
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            var root = e is TypeInitializationException { InnerException: { } inner } ? inner : e;
            string first = root.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? root.GetType().Name;
            return "TorchSharp could not load libtorch (libLibTorchSharp.so with libtorch_cpu.so beside the application): " + first.TrimEnd('.') +
                ". On Debian 12 and other GCC-12-era systems run build/native/patch-libtorchsharp.sh on the folder that holds libLibTorchSharp.so (the build does it when patchelf, gcc and python3 are installed); elsewhere reference TorchSharp-cpu (or libtorch-cpu-linux-x64) from the application.";
        }
        finally
        {
            Console.SetOut(output);
        }
    });

    /// <summary>Why libtorch does not load, or null when it does.</summary>
    public static string? LoadError() => Load.Value;

    /// <summary>Throws <see cref="EngineUnavailableException"/> when libtorch does not load.</summary>
    public static void EnsureLoaded()
    {
        if (Load.Value is { } error)
        {
            throw new EngineUnavailableException(error);
        }
    }

    /// <summary>The device for "cpu", "cuda" or "cuda:N", with a one-line error when CUDA is not there; sets libtorch's CPU threads to ours.</summary>
    public static Device Device(string name)
    {
        EnsureLoaded();
        torch.set_num_threads(ComputeSettings.Threads);
        if (name == "cpu")
        {
            return torch.CPU;
        }

        if (!torch.cuda.is_available())
        {
            throw new EngineUnavailableException($"Device '{name}' was asked for, but CUDA is not available: this application carries a CPU build of libtorch (TorchSharp-cpu / libtorch-cpu); reference TorchSharp-cuda-linux instead, on a machine with an NVIDIA driver.");
        }

        int index = name == "cuda" ? 0 : int.Parse(name.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);
        int count = torch.cuda.device_count();
        if (index >= count)
        {
            throw new EngineUnavailableException($"Device '{name}' was asked for, but there {(count == 1 ? "is 1 CUDA device" : $"are {count} CUDA devices")} (cuda:0{(count > 1 ? $" … cuda:{count - 1}" : "")}).");
        }

        return torch.device(DeviceType.CUDA, index);
    }
}
