using System.CommandLine;
using System.Runtime.Intrinsics;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Cli.Commands;

/// <summary><c>mlnet-gan info</c>: what this machine gives the compute core.</summary>
public static class InfoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("info", "Show the SIMD width and thread count the compute core will use, and whether the TorchSharp engine loads and sees CUDA.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"mlnet-gan {typeof(ComputeSettings).Assembly.GetName().Version}");
            Console.WriteLine($"threads      {ComputeSettings.Threads}");
            Console.WriteLine($"Vector512    {Vector512.IsHardwareAccelerated}");
            Console.WriteLine($"Vector256    {Vector256.IsHardwareAccelerated}");
            Console.WriteLine($"GEMM path    {ComputeSettings.Path}");
            var torch = MLNet.Gan.TorchSharp.TorchSharpStatus.Probe();
            Console.WriteLine($"TorchSharp   {(torch.Loads ? "loads: " : "does not load: ")}{torch.Detail}");
            Console.WriteLine($"CUDA         {(torch.CudaAvailable ? $"{torch.CudaDevices} device(s)" : torch.Loads ? "not available (a CPU build of libtorch, or no driver)" : "unknown (libtorch does not load)")}");
            return 0;
        });
        return command;
    }
}
