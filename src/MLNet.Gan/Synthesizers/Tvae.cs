using System.Diagnostics;
using MLNet.Gan.Compute;
using MLNet.Gan.DifferentialPrivacy;
using MLNet.Gan.Encoding;
using MLNet.Gan.Layers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>Default values of <see cref="TvaeOptions"/>: the TVAE paper's.</summary>
public static class TvaeDefaults
{
    /// <summary>Training epochs: 300.</summary>
    public const int Epochs = 300;

    /// <summary>Rows per step: 500.</summary>
    public const int BatchSize = 500;

    /// <summary>Latent width: 128.</summary>
    public const int LatentDimension = 128;

    /// <summary>Encoder hidden widths (the decoder mirrors them): 128, 128.</summary>
    public static IReadOnlyList<int> HiddenDimensions { get; } = Array.AsReadOnly([128, 128]);

    /// <summary>Adam learning rate: 1e-3.</summary>
    public const float LearningRate = 1e-3f;

    /// <summary>L2 weight decay (added to the gradient): 1e-5.</summary>
    public const float WeightDecay = 1e-5f;
}

/// <summary>Options of the TVAE. Every property has the default of <see cref="TvaeDefaults"/>.</summary>
public sealed class TvaeOptions
{
    /// <summary>Training epochs (passes over the shuffled rows). Default 300.</summary>
    public int Epochs { get; set; } = TvaeDefaults.Epochs;

    /// <summary>Rows per step. Default 500.</summary>
    public int BatchSize { get; set; } = TvaeDefaults.BatchSize;

    /// <summary>Latent width. Default 128.</summary>
    public int LatentDimension { get; set; } = TvaeDefaults.LatentDimension;

    /// <summary>Hidden widths (two layers). Default 128, 128.</summary>
    public IReadOnlyList<int> HiddenDimensions { get; set; } = TvaeDefaults.HiddenDimensions;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public float LearningRate { get; set; } = TvaeDefaults.LearningRate;

    /// <summary>Weight decay. Default 1e-5.</summary>
    public float WeightDecay { get; set; } = TvaeDefaults.WeightDecay;

    /// <summary>What trains the networks: managed (default) or TorchSharp (see <see cref="CtGanOptions.Engine"/>).</summary>
    public ComputeEngine Engine { get; set; } = ComputeEngine.Managed;

    /// <summary>The TorchSharp engine's device: "cpu" (default), "cuda" or "cuda:N".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Seed of every random draw. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>
    /// Options of the table encoder (its seed is <see cref="Seed"/>). Default: the encoder's defaults
    /// (modes not merged) except <see cref="TableEncoderOptions.ModeSelection"/> =
    /// <see cref="ModeSelection.MostLikelyForIntegers"/>. Measured (docs/benchmarks.md): drawing every
    /// mode left taiwan_default's correlation similarity at 0.954 (seeds 0–2: 0.954, 0.955, 0.951;
    /// reference 0.959); the most likely mode everywhere cost the frauds 0.02 KS (0.863); the most
    /// likely mode for integer columns only gives taiwan 0.964, 0.959, 0.961 and the frauds KS
    /// 0.889 ± 0.004. Merging modes cost 0.007 correlation on the frauds.
    /// </summary>
    public TableEncoderOptions Encoder { get; set; } = new() { ModeSelection = ModeSelection.MostLikelyForIntegers };

    /// <summary>
    /// Differentially private training (DP-SGD on encoder, decoder and σ: every parameter a real row
    /// reaches) with this budget; default none. Batches are then Poisson-sampled with rate
    /// <see cref="BatchSize"/> ÷ rows and the noise is calibrated to spend ε over <see cref="Epochs"/>
    /// epochs; the model's <see cref="FittedSynthesizer.Privacy"/> records what was spent. Managed engine only.
    /// The table encoder's statistics are not private (<see cref="PrivacyReport.NotPrivate"/>).
    /// </summary>
    public PrivacyOptions? Privacy { get; set; }

    /// <summary>Receives one report per epoch (the loss in <see cref="TrainingProgress.GeneratorLoss"/>). Default none.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>A copy that shares nothing a caller could change (the encoder and privacy options are copied; <see cref="Progress"/> is the same receiver).</summary>
    public TvaeOptions Clone()
    {
        var copy = (TvaeOptions)MemberwiseClone();
        copy.Encoder = Encoder.Clone();
        copy.Privacy = Privacy?.Clone();
        copy.HiddenDimensions = [.. HiddenDimensions];
        return copy;
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first property outside its range or an
    /// invalid combination (<see cref="Tvae.Fit"/> calls it before any work).
    /// </summary>
    public void Validate()
    {
        OptionChecks.AtLeast(Epochs, 1, nameof(Epochs));
        OptionChecks.AtLeast(BatchSize, 2, nameof(BatchSize));
        OptionChecks.AtLeast(LatentDimension, 1, nameof(LatentDimension));
        if (HiddenDimensions is null || HiddenDimensions.Count != 2 || HiddenDimensions.Any(d => d < 1))
        {
            throw new ArgumentException("HiddenDimensions needs exactly two positive widths.", nameof(HiddenDimensions));
        }

        OptionChecks.Positive(LearningRate, nameof(LearningRate));
        OptionChecks.AtLeast(WeightDecay, 0, nameof(WeightDecay));
        Encoder.Validate();
        Privacy?.Validate();
        EngineChoice.Validate(Engine, Device);
        if (Privacy is not null && Engine != ComputeEngine.Managed)
        {
            throw new ArgumentException("Differentially private training runs on the managed engine only (the TorchSharp engine has no per-example clipping here).");
        }
    }
}

/// <summary>The tabular variational autoencoder (Xu et al. 2019), sharing the table encoder with CTGAN.</summary>
public sealed class Tvae(TvaeOptions? options = null)
{
    /// <summary>The options.</summary>
    public TvaeOptions Options { get; } = options ?? new TvaeOptions();

    /// <summary>One managed step: loss and gradients, the update, σ clamped.</summary>
    private static double ManagedStep(TvaeNetwork network, Adam adam, Matrix batch, RandomStream noise)
    {
        double loss = network.LossAndBackward(batch, noise);
        adam.Step();
        network.ClampSigma();
        return loss;
    }

    /// <summary>For tests: sees every private step's Poisson batch (the row indices and their count) before the step uses it.</summary>
    internal Action<int[], int>? BatchDrawn { get; set; }

    /// <summary>
    /// DP-SGD: each step draws a Poisson batch, clips every row's gradient, adds the calibrated noise
    /// to the sum and takes Adam's step on the noisy average — also when the batch is empty, since
    /// whether a step happens must not depend on the data. The accountant counts every epoch's steps.
    /// </summary>
    private (List<EpochLoss> History, PrivacyReport Privacy) TrainPrivately(TvaeNetwork network, Adam adam, Matrix data, RandomStream noise, PrivateTraining privacy, CancellationToken cancellationToken)
    {
        var parameters = network.Parameters;
        var history = new List<EpochLoss>();
        var reporter = new EpochReporter(Options.Epochs, Options.Progress);
        var rows = new int[Math.Max(16, 2 * Options.BatchSize)];
        var batch = new Matrix(rows.Length, data.Cols);
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            reporter.Begin();
            double total = 0;
            for (long step = 0; step < privacy.StepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = privacy.DrawBatch(ref rows);
                BatchDrawn?.Invoke(rows, count);
                double loss = 0;
                if (count > 0)
                {
                    batch.SetRows(count);
                    for (int r = 0; r < count; r++)
                    {
                        data.Row(rows[r]).CopyTo(batch.Row(r));
                    }

                    loss = network.PrivateLossAndBackward(batch, noise, privacy);
                }

                privacy.AddNoise(parameters);
                adam.Step();
                network.ClampSigma();
                if (!double.IsFinite(loss))
                {
                    throw TrainingDivergedException.At($"epoch {epoch}", $"loss {loss}", "Try a lower learning rate.");
                }

                total += loss;
            }

            double spent = privacy.EndEpoch(privacy.StepsPerEpoch);
            history.Add(new EpochLoss(epoch, total / privacy.StepsPerEpoch, 0));
            reporter.End(epoch, history[^1].GeneratorLoss, 0, data.Rows, spent);
        }

        return (history, privacy.Report());
    }

    /// <summary>Fits the encoder and trains the autoencoder on <paramref name="table"/>.</summary>
    public TvaeModel Fit(Table table, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        if (table.RowCount < 2)
        {
            throw new ArgumentException($"Training needs at least 2 rows; the table has {table.RowCount}.", nameof(table));
        }

        var privacy = Options.Privacy is null ? null : PrivateTraining.Plan(Options.Privacy, table.RowCount, Options.BatchSize, Options.Epochs, Options.Seed);
        var encoder = TableEncoder.Fit(table, Options.Encoder.WithSeed(Options.Seed));
        var data = encoder.Transform(table, Options.Seed, Options.Encoder.ModeSelection);
        var network = new TvaeNetwork(encoder.Width, Options.HiddenDimensions, Options.LatentDimension, encoder.Spans, RandomStream.Create(Options.Seed, streamId: 1));
        var adam = new Adam(network.Parameters, new AdamOptions { LearningRate = Options.LearningRate, WeightDecay = Options.WeightDecay });
        var noise = RandomStream.Create(Options.Seed, streamId: 4);
        var shuffle = RandomStream.Create(Options.Seed, streamId: 5);
        var order = Enumerable.Range(0, data.Rows).ToArray();
        var batch = new Matrix(Math.Min(Options.BatchSize, data.Rows), data.Cols);
        using var external = Options.Engine == ComputeEngine.Managed ? null : ExternalEngines.TorchSharp().StartTvae(network, Options, noise, Options.Device);
        if (privacy is not null)
        {
            var report = TrainPrivately(network, adam, data, noise, privacy, cancellationToken);
            return new TvaeModel(encoder, new ConditionSampler(encoder, table).CategoryCounts, network, Options, report.History, table.Label) { HasEncoder = true, Privacy = report.Privacy };
        }

        var history = new List<EpochLoss>();
        var reporter = new EpochReporter(Options.Epochs, Options.Progress);
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            reporter.Begin();
            shuffle.Shuffle(order.AsSpan());
            double total = 0;
            int steps = 0;
            for (int start = 0; start < order.Length; start += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(Options.BatchSize, order.Length - start);
                if (rows < 2)
                {
                    continue; // a 1-row remainder carries no batch signal; the next epoch reshuffles
                }

                batch.SetRows(rows);
                for (int r = 0; r < rows; r++)
                {
                    data.Row(order[start + r]).CopyTo(batch.Row(r));
                }

                double loss = external?.Step(batch) ?? ManagedStep(network, adam, batch, noise);
                if (!double.IsFinite(loss))
                {
                    throw TrainingDivergedException.At($"epoch {epoch}", $"loss {loss}", "Try a lower learning rate.");
                }

                total += loss;
                steps++;
            }

            history.Add(new EpochLoss(epoch, total / Math.Max(1, steps), 0));
            reporter.End(epoch, history[^1].GeneratorLoss, 0, data.Rows);
        }

        external?.Finish();
        return new TvaeModel(encoder, new ConditionSampler(encoder, table).CategoryCounts, network, Options, history, table.Label) { HasEncoder = true };
    }
}

/// <summary>A trained TVAE: decodes latent noise into synthetic rows.</summary>
public sealed class TvaeModel : FittedSynthesizer
{
    private readonly TvaeNetwork _network;

    internal TvaeModel(TableEncoder encoder, IReadOnlyList<int[]> categoryCounts, TvaeNetwork network, TvaeOptions options, IReadOnlyList<EpochLoss> history, string? label)
        : base(encoder, categoryCounts, history, label)
    {
        _network = network;
        Options = options;
    }

    /// <summary>The options the model was trained with.</summary>
    public TvaeOptions Options { get; }

    internal TvaeNetwork Network => _network;

    /// <summary>Whether the encoder half is trained (in memory after <see cref="Tvae.Fit"/>; a saved model keeps only the decoder).</summary>
    internal bool HasEncoder { get; init; }

    /// <inheritdoc />
    public override Table Sample(int rows, string? column, string? value, long seed = 0, bool roundIntegers = true)
        => Sample(rows, column, value, seed, roundIntegers, _network.Decode);

    /// <summary>Samples with <paramref name="decode"/> mapping latent rows and the output-noise stream to encoded rows (another engine's decoder, finished by <see cref="TvaeNetwork.AddOutputNoise"/>).</summary>
    internal Table Sample(int rows, string? column, string? value, long seed, bool roundIntegers, Func<Matrix, RandomStream, Matrix> decode)
    {
        int batch = Math.Max(Options.BatchSize, 1);
        var latent = RandomStream.Create(seed, streamId: 201);
        var noise = RandomStream.Create(seed, streamId: 202);
        var z = new Matrix(batch, _network.LatentWidth);
        return SampleCollector.Collect(Encoder, Label, rows, () =>
        {
            latent.FillNormal(z.Span);
            return decode(z, noise);
        }, Sampler, column, value, roundIntegers, RandomStream.Create(seed, streamId: 203));
    }

    /// <inheritdoc />
    private protected override Table SampleOn(IExternalEngine engine, int rows, string? column, string? value, long seed, bool roundIntegers, string device)
        => engine.SampleTvae(this, rows, column, value, seed, roundIntegers, device);

    /// <inheritdoc />
    public override void Save(string path) => SynthesizerArchive.Save(path, this);

    /// <summary>Loads a TVAE saved by <see cref="Save"/>.</summary>
    public static TvaeModel Load(string path) => SynthesizerArchive.LoadAny(path) as TvaeModel
        ?? throw new InvalidDataException($"'{path}' holds a CTGAN model, not a TVAE.");
}
