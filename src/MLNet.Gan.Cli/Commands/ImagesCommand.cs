using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MLNet.Gan.Images;
using MLNet.Gan.IO;
using MLNet.Gan.Report;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Cli.Commands;

/// <summary>
/// <c>mlnet-gan images fit|sample|evaluate</c>: a class-conditional DCGAN on labelled images (a CSV of
/// pixels, or a folder of class folders), images of any class as PNG files and a CSV of pixels, and the
/// quality figures against held-out images with an HTML report.
/// </summary>
internal static class ImagesCommand
{
    public static Command Create()
    {
        var images = new Command("images", "Images: fit a class-conditional DCGAN, sample images of a class, evaluate them against held-out images.");
        images.Subcommands.Add(Fit());
        images.Subcommands.Add(Sample());
        images.Subcommands.Add(Evaluate());
        return images;
    }

    private static Option<FileSystemInfo> Data(string name, string description) => new(name) { Description = description, Required = true };

    private static Option<string> Label() => new("--label") { Description = "The class column of a CSV.", DefaultValueFactory = _ => "label" };

    private static Option<int> Channels() => new("--channels") { Description = "How a folder's images are read: 1 (grey levels) or 3 (colour).", DefaultValueFactory = _ => 1 };

    private static Command Fit()
    {
        var data = Data("--data", "Training images: a CSV (.csv, .csv.gz; a class column and one column per pixel) or a folder with one folder of PNG/JPEG images per class.");
        var label = Label();
        var channels = Channels();
        var model = new Option<FileInfo>("--model") { Description = "Where to write the model.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the images.", DefaultValueFactory = _ => new DcganOptions().Epochs };
        var batch = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => new DcganOptions().BatchSize };
        var loss = new Option<string>("--loss") { Description = "least-squares, standard or wgan-gp (a critic with the gradient penalty).", DefaultValueFactory = _ => "least-squares" };
        loss.AcceptOnlyFromAmong("least-squares", "standard", "wgan-gp");
        var criticSteps = new Option<int?>("--critic-steps") { Description = "Discriminator updates per generator update (default: 5 with wgan-gp, 1 otherwise)." };
        var seed = new Option<long>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 0 };
        var threads = ThreadsOption.Create();
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every N epochs (0: none), from which --resume continues exactly.", DefaultValueFactory = _ => 0 };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint file (default: the model path with .checkpoint)." };
        var resume = new Option<FileInfo?>("--resume") { Description = "Continue the run that wrote this checkpoint (the same images and options; --epochs may be more)." };
        var command = new Command("fit", "Fit a class-conditional DCGAN on labelled images.");
        foreach (var o in new Option[] { data, label, channels, model, epochs, batch, loss, criticSteps, seed, threads, checkpointEvery, checkpoint, resume })
        {
            command.Options.Add(o);
        }

        command.SetAction(result =>
        {
            ThreadsOption.Apply(result, threads);
            string path = result.GetValue(model)!.FullName;
            var options = new DcganOptions
            {
                Epochs = result.GetValue(epochs),
                BatchSize = result.GetValue(batch),
                Loss = result.GetValue(loss) switch { "standard" => GanLoss.Standard, "wgan-gp" => GanLoss.WassersteinGradientPenalty, _ => GanLoss.LeastSquares },
                CriticSteps = result.GetValue(criticSteps),
                Seed = result.GetValue(seed),
                CheckpointEvery = result.GetValue(checkpointEvery),
                CheckpointPath = result.GetValue(checkpoint)?.FullName ?? Path.ChangeExtension(path, ".checkpoint"),
            };
            OptionNames.Validate(options.Validate, ("Epochs", "--epochs"), ("BatchSize", "--batch-size"), ("Loss", "--loss"), ("CriticSteps", "--critic-steps"), ("CheckpointEvery", "--checkpoint-every"));
            int c = CheckChannels(result.GetValue(channels));
            AtomicFile.CheckFolder(path);
            string? resumeFrom = FitCommand.Checkpoint(result.GetValue(resume));
            var set = ImageFiles.Read(result.GetValue(data)!.FullName, result.GetValue(label)!, c);
            if (set.Shape.Height % 4 != 0 || set.Shape.Width % 4 != 0)
            {
                throw new ArgumentException($"--data: the images are {set.Shape.Height}×{set.Shape.Width}; the DCGAN needs height and width multiples of 4 (resize them, e.g. to {(set.Shape.Height + 3) / 4 * 4}×{(set.Shape.Width + 3) / 4 * 4}).");
            }

            Console.Error.WriteLine($"Fitting a DCGAN on {set.Count:N0} images of {set.Shape} in {set.ClassNames.Length} classes ({string.Join(", ", set.ClassNames.Take(10))}{(set.ClassNames.Length > 10 ? ", …" : "")}), {options.Epochs} epochs.");
            var fitted = TrainingDisplay.Run(options.Epochs, (progress, token) =>
            {
                options.Progress = progress;
                return new Dcgan(options).Fit(set.Pixels, set.Labels, set.Shape, set.ClassNames, Dcgan.PixelRange(set.Pixels), resumeFrom, token);
            });
            fitted.Save(path);
            Console.Error.WriteLine($"Saved {path}.");
            return 0;
        });
        return command;
    }

    private static Command Sample()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model written by images fit.", Required = true };
        var className = new Option<string>("--class") { Description = "The class to generate, or several separated by commas (the grid then has a row per class).", Required = true };
        var count = new Option<int>("--count") { Description = "Images to generate.", DefaultValueFactory = _ => 64 };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder for the PNG files, grid.png and pixels.csv (made if missing).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 0 };
        var command = new Command("sample", "Generate images of one class: one PNG per image, a grid of them, and a CSV of their pixels.");
        foreach (var o in new Option[] { model, className, count, output, seed })
        {
            command.Options.Add(o);
        }

        command.SetAction(result =>
        {
            int n = FitCommand.Positive(result.GetValue(count), "--count");
            var dcgan = DcganModel.Load(result.GetValue(model)!.FullName);
            var wanted = result.GetValue(className)!.Split(',', StringSplitOptions.TrimEntries);
            var labels = new int[wanted.Length];
            for (int w = 0; w < wanted.Length; w++)
            {
                OptionNames.Validate(() => labels[w] = dcgan.ClassIndex(wanted[w]), ("className", "--class"));
            }

            string folder = result.GetValue(output)!.FullName;
            var shape = dcgan.Shape;
            int scale = Math.Max(1, 64 / Math.Max(shape.Height, shape.Width));
            var all = new List<float>();
            var generated = wanted.Select((name, w) => (Name: name, Pixels: dcgan.Generate(n, labels[w], result.GetValue(seed) + w))).ToArray();
            Directory.CreateDirectory(folder);
            foreach (var (name, pixels) in generated)
            {
                string stem = string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_'));
                for (int i = 0; i < n; i++)
                {
                    ImageFiles.Write(Path.Combine(folder, $"{stem}-{i + 1:D4}.png"), ImageFiles.Png(pixels[(i * shape.Size)..((i + 1) * shape.Size)], shape, dcgan.MaxValue, 1, scale, gap: 0));
                }

                all.AddRange(pixels);
            }

            // one class: a square grid; several: a row per class
            int columns = wanted.Length == 1 ? (int)Math.Ceiling(Math.Sqrt(n)) : n;
            ImageFiles.Write(Path.Combine(folder, "grid.png"), ImageFiles.Png([.. all], shape, dcgan.MaxValue, columns, scale));
            AtomicFile.Write(Path.Combine(folder, "pixels.csv"), stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                writer.WriteLine(string.Join(",", Enumerable.Range(0, shape.Size).Select(p => $"p{p}").Append("label")));
                foreach (var (name, pixels) in generated)
                {
                    for (int i = 0; i < n; i++)
                    {
                        writer.WriteLine(string.Join(",", pixels.AsSpan(i * shape.Size, shape.Size).ToArray().Select(v => v.ToString("G6", CultureInfo.InvariantCulture)).Append(name)));
                    }
                }
            });
            Console.Error.WriteLine($"Wrote {n} images of {(wanted.Length == 1 ? $"class '{wanted[0]}'" : $"each of {wanted.Length} classes")} to {folder} (a PNG each, grid.png, pixels.csv).");
            return 0;
        });
        return command;
    }

    private static Command Evaluate()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model written by images fit.", Required = true };
        var data = Data("--data", "The images the model was fitted on (the grader is trained on them).");
        var test = Data("--test", "Held-out images of the same classes, never seen by the model.");
        var label = Label();
        var channels = Channels();
        var epochs = new Option<int>("--classifier-epochs") { Description = "Epochs of the grading CNN.", DefaultValueFactory = _ => 5 };
        var json = new Option<FileInfo?>("--json") { Description = "Write the figures as JSON." };
        var report = new Option<FileInfo?>("--report") { Description = "Write an HTML report with a grid of real and generated images per class." };
        var seed = new Option<long>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 0 };
        var threads = ThreadsOption.Create();
        var command = new Command("evaluate", "Grade generated images against held-out ones: class-conditional accuracy, Fréchet distance and precision/recall in a CNN's features, train-on-synthetic accuracy.");
        foreach (var o in new Option[] { model, data, test, label, channels, epochs, json, report, seed, threads })
        {
            command.Options.Add(o);
        }

        command.SetAction(result =>
        {
            ThreadsOption.Apply(result, threads);
            int classifierEpochs = FitCommand.Positive(result.GetValue(epochs), "--classifier-epochs");
            int c = CheckChannels(result.GetValue(channels));
            foreach (var (file, name) in new[] { (result.GetValue(json), "--json"), (result.GetValue(report), "--report") })
            {
                if (file is not null)
                {
                    AtomicFile.CheckFolder(file.FullName);
                }
            }

            var dcgan = DcganModel.Load(result.GetValue(model)!.FullName);
            var train = Conform(ImageFiles.Read(result.GetValue(data)!.FullName, result.GetValue(label)!, c), dcgan, "--data");
            var held = Conform(ImageFiles.Read(result.GetValue(test)!.FullName, result.GetValue(label)!, c), dcgan, "--test");
            Console.Error.WriteLine($"Grading against {held.Count:N0} held-out images (the grading CNN trains on {train.Count:N0}, {classifierEpochs} epochs).");
            var figures = ImageEvaluation.Run(dcgan, train, held, classifierEpochs, result.GetValue(seed));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy of the grader: real held-out {figures.RealAccuracy:F3}, generated (as conditioned) {figures.GeneratedAccuracy:F3}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Fréchet distance in the grader's features (not Inception's FID): real training vs held-out {figures.RealFrechet:F3}, generated vs held-out {figures.GeneratedFrechet:F3}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"precision / recall (k = 3): real training {figures.RealPrecision:F3} / {figures.RealRecall:F3}, generated {figures.GeneratedPrecision:F3} / {figures.GeneratedRecall:F3}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out accuracy of the grader trained on synthetic images only {figures.TrainOnSyntheticAccuracy:F3} (on real ones {figures.TrainOnRealAccuracy:F3})"));
            if (result.GetValue(json) is { } jsonFile)
            {
                AtomicFile.Write(jsonFile.FullName, stream => JsonSerializer.Serialize(stream, figures, new JsonSerializerOptions { WriteIndented = true }));
            }

            if (result.GetValue(report) is { } reportFile)
            {
                ImageReport.Write(reportFile.FullName, ReportContent(dcgan, held, figures));
            }

            return 0;
        });
        return command;
    }

    private static ImageReportContent ReportContent(DcganModel dcgan, LabelledImages held, ImageEvaluationResult figures)
    {
        var shape = dcgan.Shape;
        int scale = Math.Max(1, 32 / Math.Max(shape.Height, shape.Width));
        var classes = new List<ImageReportClass>();
        for (int c = 0; c < dcgan.Classes; c++)
        {
            var real = Enumerable.Range(0, held.Count).Where(i => held.Labels[i] == c).Take(10).SelectMany(i => held.Pixels[(i * shape.Size)..((i + 1) * shape.Size)]).ToArray();
            var generated = dcgan.Generate(10, c, seed: 1);
            classes.Add(new ImageReportClass(
                dcgan.ClassNames[c],
                real.Length == 0 ? [] : ImageFiles.Png(real, shape, dcgan.MaxValue, 10, scale),
                ImageFiles.Png(generated, shape, dcgan.MaxValue, 10, scale),
                figures.GeneratedAccuracyByClass[c]));
        }

        return new ImageReportContent(
            $"DCGAN: {shape} images, {dcgan.Classes} classes",
            [
                ("Grader's accuracy on held-out real images", figures.RealAccuracy, "the ceiling"),
                ("Generated images classified as their conditioned class", figures.GeneratedAccuracy, "higher is better"),
                ("Fréchet distance, real training vs held-out", figures.RealFrechet, "the floor"),
                ("Fréchet distance, generated vs held-out", figures.GeneratedFrechet, "lower is better; in the grader's features, not Inception's"),
                ("Precision / recall of real training images", figures.RealPrecision, $"recall {figures.RealRecall:F3}"),
                ("Precision / recall of generated images", figures.GeneratedPrecision, $"recall {figures.GeneratedRecall:F3}"),
                ("Held-out accuracy, grader trained on synthetic images only", figures.TrainOnSyntheticAccuracy, $"on real ones {figures.TrainOnRealAccuracy:F3}"),
            ],
            classes);
    }

    private static LabelledImages Conform(LabelledImages set, DcganModel model, string option)
    {
        if (set.Shape != model.Shape)
        {
            throw new ArgumentException($"{option}: the images are {set.Shape}; the model makes {model.Shape}.");
        }

        // the model's class order wins: its label i is the class named ClassNames[i]
        var index = model.ClassNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var labels = new int[set.Count];
        for (int i = 0; i < set.Count; i++)
        {
            string name = set.ClassNames[set.Labels[i]];
            labels[i] = index.TryGetValue(name, out int j) ? j : throw new ArgumentException($"{option}: image {i + 1} is of class '{name}', which the model does not know. Classes: {string.Join(", ", model.ClassNames)}.");
        }

        return set with { Labels = labels, ClassNames = [.. model.ClassNames] };
    }

    private static int CheckChannels(int channels) => channels is 1 or 3 ? channels : throw new ArgumentException($"--channels must be 1 or 3 (got {channels}).");
}
