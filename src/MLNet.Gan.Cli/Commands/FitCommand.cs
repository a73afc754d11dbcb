using System.CommandLine;
using MLNet.Gan.Compute;
using MLNet.Gan.DifferentialPrivacy;
using MLNet.Gan.Encoding;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli.Commands;

/// <summary><c>mlnet-gan fit</c>: trains a synthesizer on a CSV and saves the model archive.</summary>
public static class FitCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var options = new FitOptions();
        var command = new Command("fit", "Train a synthesizer on a CSV and save it as a model archive.");
        options.AddTo(command);
        command.SetAction(options.Run);
        return command;
    }

    /// <summary>The path of the checkpoint <c>--resume</c> names, which must exist; null without the option.</summary>
    internal static string? Checkpoint(FileInfo? resume)
        => resume is null ? null
            : File.Exists(resume.FullName) ? resume.FullName : throw new FileNotFoundException($"--resume: the checkpoint '{resume.FullName}' does not exist.");

    internal static int Positive(int value, string name)
    {
        return value >= 1 ? value : throw new ArgumentException($"{name} must be at least 1 (got {value}).", name);
    }

    /// <summary>The command's options, and the run: every option read and validated (by the library type it belongs to) before the data is read.</summary>
    private sealed class FitOptions
    {
        private static readonly (string, string)[] Names = [("Epochs", "--epochs"), ("BatchSize", "--batch-size"), ("CheckpointEvery", "--checkpoint-every"), .. OptionNames.ColumnRules, .. OptionNames.Privacy];

        private readonly Option<FileInfo> _data = new("--data") { Description = "Training table: CSV (.csv or .csv.gz) with a header row, or Parquet (.parquet).", Required = true };
        private readonly Option<FileInfo> _model = new("--model") { Description = "Where to write the model archive (.zip).", Required = true };
        private readonly Option<string> _synthesizer = new("--synthesizer") { Description = "Synthesizer: ctgan (GAN) or tvae (variational autoencoder).", DefaultValueFactory = _ => "ctgan" };
        private readonly Option<string> _loss = new("--loss") { Description = "Adversarial loss (ctgan): wgan-gp, standard or least-squares.", DefaultValueFactory = _ => "wgan-gp" };
        private readonly Option<int> _epochs = new("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => CtGanDefaults.Epochs };
        private readonly Option<int> _batch = new("--batch-size") { Description = "Rows per step (a multiple of 10).", DefaultValueFactory = _ => CtGanDefaults.BatchSize };
        private readonly Option<long> _seed = new("--seed") { Description = "Seed: the same data, options and seed give a byte-identical model.", DefaultValueFactory = _ => 0 };
        private readonly Option<int> _threads = ThreadsOption.Create();
        private readonly Option<int> _checkpointEvery = new("--checkpoint-every") { Description = "Write a checkpoint every N epochs.", DefaultValueFactory = _ => 0 };
        private readonly Option<FileInfo?> _checkpoint = new("--checkpoint") { Description = "Checkpoint file (default: the model path with .checkpoint.zip)." };
        private readonly Option<FileInfo?> _resume = new("--resume") { Description = "Continue training from this checkpoint." };
        private readonly Option<double> _pointMassShare = new("--point-mass-share") { Description = "A value holding at least this share of a numeric column (and far more than its neighbours) is reproduced exactly as a mode of its own; 0 turns this off.", DefaultValueFactory = _ => 0.01 };
        private readonly Option<double> _longTailRatio = new("--long-tail-ratio") { Description = "A numeric column whose largest value lies more than this many interquartile ranges above its median is modelled on a log scale (a long tail); 0 turns this off.", DefaultValueFactory = _ => 20 };
        private readonly Option<int> _maxCategories = new("--max-categories") { Description = "A categorical column with more categories keeps this many (the most frequent) and pools the rest into one, drawn back by their frequencies when sampling; 0 keeps all.", DefaultValueFactory = _ => 100 };
        private readonly Option<bool> _keepIdentifiers = new("--keep-identifiers") { Description = "Model identifier columns (distinct whole numbers) like any number instead of writing fresh ids." };
        private readonly PrivacyCliOptions _privacy = new();
        private readonly DataOptions _dataOptions = new();
        private readonly EngineOptions _engine = new();

        public FitOptions()
        {
            _synthesizer.AcceptOnlyFromAmong("ctgan", "tvae");
            _loss.AcceptOnlyFromAmong("wgan-gp", "standard", "least-squares");
        }

        public void AddTo(Command command)
        {
            foreach (var o in new Option[] { _data, _model, _synthesizer, _loss, _epochs, _batch, _seed, _threads, _checkpointEvery, _checkpoint, _resume, _pointMassShare, _longTailRatio, _maxCategories, _keepIdentifiers })
            {
                command.Options.Add(o);
            }

            _dataOptions.AddTo(command);
            _engine.AddTo(command);
            _privacy.AddTo(command);
        }

        public int Run(ParseResult result)
        {
            ThreadsOption.Apply(result, _threads);
            var (engine, device) = _engine.Read(result);
            var read = _dataOptions.Read(result);
            string modelPath = result.GetValue(_model)!.FullName;
            var resumeFrom = Checkpoint(result.GetValue(_resume));

            var privacy = _privacy.Read(result);
            var tvae = result.GetValue(_synthesizer) == "tvae" ? Tvae(result, engine, device, privacy, resumeFrom) : null;
            var (ctgan, lossName) = tvae is null ? CtGan(result, engine, device, privacy, modelPath) : (null, "");

            var table = TableFile.Read(result.GetValue(_data)!.FullName, read);
            string on = engine == ComputeEngine.Managed ? "" : $" on TorchSharp ({device})";
            string size = $"{table.RowCount:N0} rows × {table.Columns.Count} columns";
            ISynthesizerModel fitted;
            if (tvae is not null)
            {
                Console.Error.WriteLine($"Training tvae on {size} for {tvae.Epochs} epochs, {ComputeSettings.Threads} threads{on}{PrivacyCliOptions.Describe(privacy, table.RowCount)}.");
                fitted = TrainingDisplay.Run(tvae.Epochs, (progress, token) =>
                {
                    tvae.Progress = progress;
                    return new Tvae(tvae).Fit(table, token);
                });
            }
            else
            {
                Console.Error.WriteLine($"Training ctgan ({lossName}) on {size} for {ctgan!.Epochs} epochs, {ComputeSettings.Threads} threads{on}{PrivacyCliOptions.Describe(privacy, table.RowCount)}.");
                fitted = TrainingDisplay.Run(ctgan.Epochs, (progress, token) =>
                {
                    ctgan.Progress = progress;
                    return new CtGan(ctgan).Fit(table, resumeFrom, token);
                });
            }

            Describe(fitted);
            fitted.Save(modelPath);
            Console.Error.WriteLine($"Saved {modelPath} (final loss {fitted.History[^1].GeneratorLoss:F4}).");
            return 0;
        }

        private TvaeOptions Tvae(ParseResult result, ComputeEngine engine, string device, PrivacyOptions? privacy, string? resumeFrom)
        {
            if (result.GetValue(_checkpointEvery) != 0 || resumeFrom is not null)
            {
                throw new ArgumentException("Checkpoints (--checkpoint-every, --resume) are available for ctgan only.");
            }

            var tvae = new TvaeOptions { Epochs = result.GetValue(_epochs), BatchSize = result.GetValue(_batch), Seed = result.GetValue(_seed), Engine = engine, Device = device, Privacy = privacy };
            ApplyColumnRules(result, tvae.Encoder);
            OptionNames.Validate(tvae.Validate, Names);
            return tvae;
        }

        private (CtGanOptions Options, string LossName) CtGan(ParseResult result, ComputeEngine engine, string device, PrivacyOptions? privacy, string modelPath)
        {
            string lossName = result.GetValue(_loss)!;
            if (privacy is not null)
            {
                if (lossName == "wgan-gp" && result.GetResult(_loss) is { Implicit: false })
                {
                    throw new ArgumentException("Differentially private ctgan trains with --loss standard or least-squares: the gradient penalty's per-row gradient cannot be clipped here.");
                }

                lossName = lossName == "wgan-gp" ? "standard" : lossName;
            }

            var ctgan = new CtGanOptions
            {
                Loss = lossName switch { "standard" => GanLoss.Standard, "least-squares" => GanLoss.LeastSquares, _ => GanLoss.WassersteinGradientPenalty },
                Pac = privacy is null ? CtGanDefaults.Pac : 1,
                Privacy = privacy,
                Epochs = result.GetValue(_epochs),
                BatchSize = result.GetValue(_batch),
                Seed = result.GetValue(_seed),
                CheckpointEvery = result.GetValue(_checkpointEvery),
                CheckpointPath = result.GetValue(_checkpoint)?.FullName ?? Path.ChangeExtension(modelPath, ".checkpoint.zip"),
                Engine = engine,
                Device = device,
            };
            ApplyColumnRules(result, ctgan.Encoder);
            OptionNames.Validate(ctgan.Validate, Names);
            return (ctgan, lossName);
        }

        private void ApplyColumnRules(ParseResult result, TableEncoderOptions encoder)
        {
            encoder.PointMassShare = result.GetValue(_pointMassShare);
            encoder.LongTailRatio = result.GetValue(_longTailRatio);
            encoder.MaxCategories = result.GetValue(_maxCategories);
            encoder.DetectIdentifiers = !result.GetValue(_keepIdentifiers);
        }

        /// <summary>One line per column rule the data chose, and what differentially private training spent.</summary>
        private static void Describe(ISynthesizerModel fitted)
        {
            foreach (var rule in fitted.EncodingRules)
            {
                Console.Error.WriteLine($"  {rule}");
            }

            if (fitted is FittedSynthesizer { Privacy: { } spent })
            {
                Console.Error.WriteLine($"  privacy: ε {spent.EpsilonSpent:G4} spent of {spent.Epsilon:G4} at δ {spent.Delta:G3} (noise multiplier {spent.NoiseMultiplier:G4}, sampling rate {spent.SamplingRate:G3}, {spent.Steps:N0} steps).");
                Console.Error.WriteLine("  not private: the table encoder's column statistics (ranges, modes, categories and their frequencies); see docs/algorithms.md, \"Differential privacy\".");
            }
        }
    }
}
