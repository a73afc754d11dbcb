using System.CommandLine;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Cli.Commands;

/// <summary><c>--engine</c> and <c>--device</c>, shared by fit and sample.</summary>
internal sealed class EngineOptions
{
    private readonly Option<string> _engine = new("--engine") { Description = "What runs the networks: managed (our compute core) or torchsharp (libtorch; same batches, same model archive).", DefaultValueFactory = _ => "managed" };
    private readonly Option<string> _device = new("--device") { Description = "The torchsharp engine's device: cpu, cuda or cuda:N (CUDA needs TorchSharp-cuda-linux and a driver).", DefaultValueFactory = _ => "cpu" };

    public EngineOptions() => _engine.AcceptOnlyFromAmong("managed", "torchsharp");

    public void AddTo(Command command)
    {
        command.Options.Add(_engine);
        command.Options.Add(_device);
    }

    /// <summary>The engine and device asked for (checked together).</summary>
    public (ComputeEngine Engine, string Device) Read(ParseResult result)
    {
        var engine = result.GetValue(_engine) == "torchsharp" ? ComputeEngine.TorchSharp : ComputeEngine.Managed;
        string device = result.GetValue(_device)!;
        EngineChoice.Validate(engine, device);
        return (engine, device);
    }
}
