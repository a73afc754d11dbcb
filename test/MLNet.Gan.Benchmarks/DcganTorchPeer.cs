using System.Diagnostics;
using MLNet.Gan.Compute;
using MLNet.Gan.Images;
using MLNet.Gan.Layers;
using MLNet.Gan.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>
/// The DCGAN training step ours and libtorch's (TorchSharp-cpu, oneDNN convolutions), the same networks and
/// step on the same machine and threads: 28×28 one-channel images in 10 classes, batch 64, the default widths,
/// least squares, Adam. libtorch's discriminator parameters are frozen during the generator's step, as ours
/// are. Rounds alternate between the two; each keeps its best round's mean step time.
/// </summary>
internal static class DcganTorchPeer
{
    public static void Run(int steps, int rounds)
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(ComputeSettings.Threads);
        torch.manual_seed(0);
        double ours = double.MaxValue, theirs = double.MaxValue;
        using var torchStep = new TorchDcgan();
        var ourStep = Ours();
        ourStep();
        torchStep.Step();
        for (int round = 0; round < rounds; round++)
        {
            ours = Math.Min(ours, Time(ourStep, steps));
            theirs = Math.Min(theirs, Time(torchStep.Step, steps));
        }

        Console.WriteLine($"| DCGAN step, 28×28, batch 64, {ComputeSettings.Threads} threads, {ComputeSettings.Path} | managed {ours:F1} ms | libtorch {theirs:F1} ms | libtorch ÷ managed time {theirs / ours:F2} |");
    }

    private static double Time(Action step, int steps)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            step();
        }

        return clock.Elapsed.TotalMilliseconds / steps;
    }

    private static Action Ours()
    {
        var rng = RandomStream.Create(5);
        const int N = 640;
        var pixels = new float[N * 784];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (2 * rng.NextFloat()) - 1;
        }

        var training = new DcganTraining(new ImageSet(pixels, [.. Enumerable.Range(0, N).Select(i => i % 10)], new ImageShape(1, 28, 28), 10), new DcganOptions());
        return () => training.Step();
    }

    private sealed class TorchDcgan : IDisposable
    {
        private readonly nn.Module<Tensor, Tensor> _generator, _discriminator;
        private readonly optim.Optimizer _generatorAdam, _discriminatorAdam;
        private readonly Tensor _real, _planes, _noise;

        public TorchDcgan()
        {
            _generator = nn.Sequential(
                nn.Linear(110, 256 * 7 * 7), nn.BatchNorm1d(256 * 7 * 7), nn.LeakyReLU(0.2), nn.Unflatten(1, [256, 7, 7]),
                nn.ConvTranspose2d(256, 128, 5, stride: 1, padding: 2, bias: false), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
                nn.ConvTranspose2d(128, 64, 5, stride: 2, padding: 2, output_padding: 1, bias: false), nn.BatchNorm2d(64), nn.LeakyReLU(0.2),
                nn.ConvTranspose2d(64, 1, 5, stride: 2, padding: 2, output_padding: 1, bias: false), nn.Tanh());
            _discriminator = nn.Sequential(
                nn.Conv2d(11, 64, 5, stride: 2, padding: 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
                nn.Conv2d(64, 128, 5, stride: 2, padding: 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
                nn.Flatten(), nn.Linear(128 * 7 * 7, 1));
            _generatorAdam = optim.Adam(_generator.parameters(), 2e-4, 0.5);
            _discriminatorAdam = optim.Adam(_discriminator.parameters(), 2e-4, 0.5);
            _real = torch.rand(64, 1, 28, 28) * 2 - 1;
            var classes = torch.arange(64) % 10;
            _planes = nn.functional.one_hot(classes, 10).to(float32).reshape(64, 10, 1, 1).expand(64, 10, 28, 28).contiguous();
            _noise = torch.cat([torch.randn(64, 100), nn.functional.one_hot(classes, 10).to(float32)], 1);
        }

        public void Step()
        {
            using var scope = torch.NewDisposeScope();
            _generator.train();
            _discriminator.train();
            var fake = _generator.forward(_noise);

            _discriminatorAdam.zero_grad();
            SetLearning(_discriminator, true);
            var real = _discriminator.forward(torch.cat([_real, _planes], 1));
            var generated = _discriminator.forward(torch.cat([fake.detach(), _planes], 1));
            var dLoss = (0.5 * (real - 1).square().mean()) + (0.5 * generated.square().mean());
            dLoss.backward();
            _discriminatorAdam.step();

            _generatorAdam.zero_grad();
            SetLearning(_discriminator, false);
            var judged = _discriminator.forward(torch.cat([fake, _planes], 1));
            var gLoss = 0.5 * (judged - 1).square().mean();
            gLoss.backward();
            _generatorAdam.step();
        }

        public void Dispose()
        {
            _generator.Dispose();
            _discriminator.Dispose();
            _real.Dispose();
            _planes.Dispose();
            _noise.Dispose();
        }

        private static void SetLearning(nn.Module module, bool learns)
        {
            foreach (var p in module.parameters())
            {
                p.requires_grad = learns;
            }
        }
    }
}
