using System.CommandLine;
using MLNet.Gan.Encoding;
using MLNet.Gan.Compute;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli.Commands;

/// <summary><c>mlnet-gan fit</c>: trains a synthesizer on a CSV and saves the model archive.</summary>
public static class FitCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Training table: CSV (.csv or .csv.gz) with a header row, or Parquet (.parquet).", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "Where to write the model archive (.zip).", Required = true };
        var synthesizer = new Option<string>("--synthesizer") { Description = "Synthesizer: ctgan (GAN) or tvae (variational autoencoder).", DefaultValueFactory = _ => "ctgan" };
        synthesizer.AcceptOnlyFromAmong("ctgan", "tvae");
        var loss = new Option<string>("--loss") { Description = "Adversarial loss (ctgan): wgan-gp, standard or least-squares.", DefaultValueFactory = _ => "wgan-gp" };
        loss.AcceptOnlyFromAmong("wgan-gp", "standard", "least-squares");
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => CtGanDefaults.Epochs };
        var batch = new Option<int>("--batch-size") { Description = "Rows per step (a multiple of 10).", DefaultValueFactory = _ => CtGanDefaults.BatchSize };
        var seed = new Option<long>("--seed") { Description = "Seed: the same data, options and seed give a byte-identical model.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Compute threads (results do not depend on it).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every N epochs.", DefaultValueFactory = _ => 0 };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint file (default: the model path with .checkpoint.zip)." };
        var resume = new Option<FileInfo?>("--resume") { Description = "Continue training from this checkpoint." };
        var pointMassShare = new Option<double>("--point-mass-share") { Description = "A value holding at least this share of a numeric column (and far more than its neighbours) is reproduced exactly as a mode of its own; 0 turns this off.", DefaultValueFactory = _ => 0.01 };
        var longTailRatio = new Option<double>("--long-tail-ratio") { Description = "A numeric column whose largest value lies more than this many interquartile ranges above its median is modelled on a log scale (a long tail); 0 turns this off.", DefaultValueFactory = _ => 20 };
        var maxCategories = new Option<int>("--max-categories") { Description = "A categorical column with more categories keeps this many (the most frequent) and pools the rest into one, drawn back by their frequencies when sampling; 0 keeps all.", DefaultValueFactory = _ => 100 };
        var keepIdentifiers = new Option<bool>("--keep-identifiers") { Description = "Model identifier columns (distinct whole numbers) like any number instead of writing fresh ids." };
        var privacyOptions = new PrivacyCliOptions();
        var dataOptions = new DataOptions();
        var engineOptions = new EngineOptions();

        var command = new Command("fit", "Train a synthesizer on a CSV and save it as a model archive.");
        foreach (var o in new Option[] { data, model, synthesizer, loss, epochs, batch, seed, threads, checkpointEvery, checkpoint, resume, pointMassShare, longTailRatio, maxCategories, keepIdentifiers })
        {
            command.Options.Add(o);
        }

        dataOptions.AddTo(command);
        engineOptions.AddTo(command);
        privacyOptions.AddTo(command);
        command.SetAction(result =>
        {
            // every option is read and validated (by the library type it belongs to) before the data is read
            ComputeSettings.Threads = Positive(result.GetValue(threads), "--threads");
            var (engine, device) = engineOptions.Read(result);
            var read = dataOptions.Read(result);
            string modelPath = result.GetValue(model)!.FullName;
            var resumeFrom = result.GetValue(resume)?.FullName;
            if (resumeFrom is not null && !File.Exists(resumeFrom))
            {
                throw new FileNotFoundException($"--resume: the checkpoint '{resumeFrom}' does not exist.");
            }

            var privacy = privacyOptions.Read(result);
            bool isTvae = result.GetValue(synthesizer) == "tvae";
            void ApplyColumnRules(TableEncoderOptions encoder)
            {
                encoder.PointMassShare = result.GetValue(pointMassShare);
                encoder.LongTailRatio = result.GetValue(longTailRatio);
                encoder.MaxCategories = result.GetValue(maxCategories);
                encoder.DetectIdentifiers = !result.GetValue(keepIdentifiers);
            }

            (string, string)[] names = [("Epochs", "--epochs"), ("BatchSize", "--batch-size"), ("CheckpointEvery", "--checkpoint-every"), .. OptionNames.ColumnRules, .. OptionNames.Privacy];
            TvaeOptions? tvae = null;
            CtGanOptions? ctgan = null;
            string lossName = result.GetValue(loss)!;
            if (isTvae)
            {
                if (result.GetValue(checkpointEvery) != 0 || resumeFrom is not null)
                {
                    throw new ArgumentException("Checkpoints (--checkpoint-every, --resume) are available for ctgan only.");
                }

                tvae = new TvaeOptions { Epochs = result.GetValue(epochs), BatchSize = result.GetValue(batch), Seed = result.GetValue(seed), Engine = engine, Device = device, Privacy = privacy };
                ApplyColumnRules(tvae.Encoder);
                OptionNames.Validate(tvae.Validate, names);
            }
            else
            {
                if (privacy is not null)
                {
                    if (lossName == "wgan-gp" && result.GetResult(loss) is { Implicit: false })
                    {
                        throw new ArgumentException("Differentially private ctgan trains with --loss standard or least-squares: the gradient penalty's per-row gradient cannot be clipped here.");
                    }

                    lossName = lossName == "wgan-gp" ? "standard" : lossName;
                }

                ctgan = new CtGanOptions
                {
                    Loss = lossName switch { "standard" => GanLoss.Standard, "least-squares" => GanLoss.LeastSquares, _ => GanLoss.WassersteinGradientPenalty },
                    Pac = privacy is null ? CtGanDefaults.Pac : 1,
                    Privacy = privacy,
                    Epochs = result.GetValue(epochs),
                    BatchSize = result.GetValue(batch),
                    Seed = result.GetValue(seed),
                    CheckpointEvery = result.GetValue(checkpointEvery),
                    CheckpointPath = result.GetValue(checkpoint)?.FullName ?? Path.ChangeExtension(modelPath, ".checkpoint.zip"),
                    Engine = engine,
                    Device = device,
                };
                ApplyColumnRules(ctgan.Encoder);
                OptionNames.Validate(ctgan.Validate, names);
            }

            var table = TableFile.Read(result.GetValue(data)!.FullName, read);
            string on = engine == ComputeEngine.Managed ? "" : $" on TorchSharp ({device})";
            ISynthesizerModel fitted;
            if (tvae is not null)
            {
                Console.Error.WriteLine($"Training tvae on {table.RowCount:N0} rows × {table.Columns.Count} columns for {tvae.Epochs} epochs, {ComputeSettings.Threads} threads{on}{PrivacyCliOptions.Describe(privacy, table.RowCount)}.");
                fitted = TrainingDisplay.Run(tvae.Epochs, (progress, token) =>
                {
                    tvae.Progress = progress;
                    return new Tvae(tvae).Fit(table, token);
                });
            }
            else
            {
                Console.Error.WriteLine($"Training ctgan ({lossName}) on {table.RowCount:N0} rows × {table.Columns.Count} columns for {ctgan!.Epochs} epochs, {ComputeSettings.Threads} threads{on}{PrivacyCliOptions.Describe(privacy, table.RowCount)}.");
                fitted = TrainingDisplay.Run(ctgan.Epochs, (progress, token) =>
                {
                    ctgan.Progress = progress;
                    return new CtGan(ctgan).Fit(table, resumeFrom, token);
                });
            }

            foreach (var rule in fitted.Encoder.DescribeRules())
            {
                Console.Error.WriteLine($"  {rule}");
            }

            if (fitted is FittedSynthesizer { Privacy: { } spent })
            {
                Console.Error.WriteLine($"  privacy: ε {spent.EpsilonSpent:G4} spent of {spent.Epsilon:G4} at δ {spent.Delta:G3} (noise multiplier {spent.NoiseMultiplier:G4}, sampling rate {spent.SamplingRate:G3}, {spent.Steps:N0} steps).");
                Console.Error.WriteLine("  not private: the table encoder's column statistics (ranges, modes, categories and their frequencies); see docs/algorithms.md, \"Differential privacy\".");
            }

            fitted.Save(modelPath);
            Console.Error.WriteLine($"Saved {modelPath} (final loss {fitted.History[^1].GeneratorLoss:F4}).");
            return 0;
        });
        return command;
    }

    internal static int Positive(int value, string name)
    {
        OptionChecks.AtLeast(value, 1, name);
        return value;
    }
}
