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
        var command = new Command("info", "Show the SIMD width and thread count the compute core will use.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"mlnet-gan {typeof(Gemm).Assembly.GetName().Version}");
            Console.WriteLine($"threads      {ComputeSettings.Threads}");
            Console.WriteLine($"Vector512    {Vector512.IsHardwareAccelerated}");
            Console.WriteLine($"Vector256    {Vector256.IsHardwareAccelerated}");
            Console.WriteLine($"GEMM path    {Gemm.ResolvePath()}");
            return 0;
        });
        return command;
    }
}
