using MLNet.Gan.Compute;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.TorchSharp;

/// <summary>
/// The TorchSharp engine, found by the core library when an option says <c>Engine = TorchSharp</c>:
/// trains CTGAN and TVAE in libtorch from the managed run's initial weights and batches, leaves the
/// trained weights in the managed networks (one model archive for both engines), and samples any
/// trained model on a libtorch device with the managed engine's random draws.
/// </summary>
internal sealed class TorchSharpEngine : IExternalEngine
{
    public TorchSharpEngine() => TorchRuntime.EnsureLoaded();

    public ICtGanSteps StartCtGan(CtGanTraining managed, string device) => new TorchCtGanSteps(managed, TorchRuntime.Device(device));

    public ITvaeSteps StartTvae(TvaeNetwork network, TvaeOptions options, RandomStream noise, string device) => new TorchTvae(network, options, noise, TorchRuntime.Device(device));

    public Table SampleCtGan(CtGanModel model, int rows, string? column, string? value, long seed, bool roundIntegers, string device)
    {
        var d = TorchRuntime.Device(device);
        using var generator = new TorchGenerator(model.Generator, d, Math.Max(model.Options.BatchSize, 1));
        Matrix? logits = null;
        return model.Sample(rows, column, value, seed, roundIntegers, input =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var computed = generator.Logits(TorchTensors.Upload(input, d), training: false);
            logits ??= new Matrix(input.Rows, (int)computed.shape[1]);
            logits.SetRows(input.Rows);
            TorchTensors.Download(computed, logits.Span);
            return model.Generator.Activate(logits); // the Gumbel draws of the managed engine
        });
    }

    public Table SampleTvae(TvaeModel model, int rows, string? column, string? value, long seed, bool roundIntegers, string device)
    {
        var d = TorchRuntime.Device(device);
        using var network = new TorchTvae(model.Network, options: null, noise: null, d);
        Matrix? decoded = null;
        return model.Sample(rows, column, value, seed, roundIntegers, (z, noise) =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var xHat = network.Decode(TorchTensors.Upload(z, d));
            decoded ??= new Matrix(z.Rows, (int)xHat.shape[1]);
            decoded.SetRows(z.Rows);
            TorchTensors.Download(xHat, decoded.Span);
            return model.Network.AddOutputNoise(decoded, noise); // the output noise of the managed engine
        });
    }
}
