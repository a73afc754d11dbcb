using SkiaSharp;
using static MLNet.Gan.Cli.Tests.CliRunner;

namespace MLNet.Gan.Cli.Tests;

/// <summary><c>mlnet-gan images fit|sample|evaluate</c> on the UCI 8×8 digits, and what it refuses.</summary>
[TestClass]
public sealed class ImagesCommandTests
{
    [TestMethod]
    public void Images_FitSampleEvaluate_WritesModelPngsCsvAndReport()
    {
        string folder = Directory.CreateTempSubdirectory("mlnet-gan-images-").FullName;
        try
        {
            // the digits split 70/30 by row number into two CSV files
            var lines = ReadGzipLines(Data("handwritten_digits_8x8.csv.gz"));
            string train = Path.Combine(folder, "train.csv"), test = Path.Combine(folder, "test.csv"), model = Path.Combine(folder, "digits.dcgan");
            File.WriteAllLines(train, [lines[0], .. lines.Skip(1).Where((_, i) => i % 10 < 7)]);
            File.WriteAllLines(test, [lines[0], .. lines.Skip(1).Where((_, i) => i % 10 >= 7)]);

            var fit = Run("images", "fit", "--data", train, "--label", "digit", "--model", model, "--epochs", "2");
            Assert.AreEqual(0, fit.Code, fit.Error);
            StringAssert.Contains(fit.Error, "Fitting a DCGAN on 1,260 images of 1×8×8 in 10 classes");

            string samples = Path.Combine(folder, "sevens");
            var sample = Run("images", "sample", "--model", model, "--class", "7", "--count", "5", "--out", samples);
            Assert.AreEqual(0, sample.Code, sample.Error);
            CollectionAssert.AreEquivalent(new[] { "7-0001.png", "7-0002.png", "7-0003.png", "7-0004.png", "7-0005.png", "grid.png", "pixels.csv" }, Directory.GetFiles(samples).Select(Path.GetFileName).ToArray());
            using (var png = SKBitmap.Decode(Path.Combine(samples, "7-0001.png")))
            {
                Assert.AreEqual(64, png.Width, "8 pixels drawn 8× wide");
            }

            var csv = File.ReadAllLines(Path.Combine(samples, "pixels.csv"));
            Assert.HasCount(6, csv);
            StringAssert.EndsWith(csv[1], ",7");

            // several classes: a row of the grid per class
            string pair = Path.Combine(folder, "pair");
            var two = Run("images", "sample", "--model", model, "--class", "1,7", "--count", "3", "--out", pair);
            Assert.AreEqual(0, two.Code, two.Error);
            Assert.HasCount(8, Directory.GetFiles(pair), "3 PNGs of each class, grid.png, pixels.csv");
            using (var grid = SKBitmap.Decode(Path.Combine(pair, "grid.png")))
            {
                Assert.AreEqual((2 * 65) + 1, grid.Height, "two rows of 64-pixel images with 1-pixel gaps");
            }

            string json = Path.Combine(folder, "figures.json"), report = Path.Combine(folder, "report.html");
            var evaluate = Run("images", "evaluate", "--model", model, "--data", train, "--test", test, "--label", "digit", "--classifier-epochs", "2", "--json", json, "--report", report);
            Assert.AreEqual(0, evaluate.Code, evaluate.Error);
            StringAssert.Contains(evaluate.Out, "Fréchet distance in the grader's features (not Inception's FID)");
            StringAssert.Contains(File.ReadAllText(json), "GeneratedPrecision");
            var html = File.ReadAllText(report);
            Assert.AreEqual(20, html.Split("data:image/png;base64,").Length - 1, "a real and a generated row for each of the 10 classes");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void BadInput_IsOneLine_ExitsTwo_AndWritesNothing()
    {
        string folder = Directory.CreateTempSubdirectory("mlnet-gan-images-").FullName;
        try
        {
            string model = Path.Combine(folder, "m.dcgan"), refused = Path.Combine(folder, "refused.dcgan");
            var fit = Run("images", "fit", "--data", Data("handwritten_digits_8x8.csv.gz"), "--label", "digit", "--model", model, "--epochs", "1");
            Assert.AreEqual(0, fit.Code, fit.Error);

            // images of mixed sizes in a folder of class folders
            string images = Path.Combine(folder, "images");
            Directory.CreateDirectory(Path.Combine(images, "cheque"));
            Directory.CreateDirectory(Path.Combine(images, "form"));
            WritePng(Path.Combine(images, "cheque", "a.png"), 8, 8);
            WritePng(Path.Combine(images, "form", "b.png"), 12, 8);
            var mixed = Run("images", "fit", "--data", images, "--model", refused);
            AssertOneLine(mixed, refused);
            StringAssert.Contains(mixed.Error, "b.png' is 12×8 but");

            // a class that does not exist
            string samples = Path.Combine(folder, "samples");
            var unknown = Run("images", "sample", "--model", model, "--class", "11", "--out", samples);
            AssertOneLine(unknown, samples);
            StringAssert.Contains(unknown.Error, "the model knows no class '11'");

            // a column that is not pixels
            string text = Path.Combine(folder, "text.csv");
            File.WriteAllLines(text, ["a,b,c,d,label", "1,2,x,4,yes"]);
            var notPixels = Run("images", "fit", "--data", text, "--model", refused);
            AssertOneLine(notPixels, refused);
            StringAssert.Contains(notPixels.Error, "line 2, column 'c': expected a pixel value, got 'x'");

            // resuming from a file that is missing, or from a finished model rather than a checkpoint
            var missing = Run("images", "fit", "--data", Data("handwritten_digits_8x8.csv.gz"), "--label", "digit", "--model", refused, "--resume", Path.Combine(folder, "none.checkpoint"));
            AssertOneLine(missing, refused);
            StringAssert.Contains(missing.Error, "--resume: the checkpoint");
            var finished = Run("images", "fit", "--data", Data("handwritten_digits_8x8.csv.gz"), "--label", "digit", "--model", refused, "--resume", model);
            Assert.AreEqual(2, finished.Code, finished.Error);
            StringAssert.Contains(finished.Error, "is a finished DCGAN, not a checkpoint: there is nothing to resume.");
            Assert.IsFalse(finished.Error.Contains("   at ") || File.Exists(refused), "no stack trace, nothing written");
            var every = Run("images", "fit", "--data", Data("handwritten_digits_8x8.csv.gz"), "--label", "digit", "--model", refused, "--checkpoint-every", "-1");
            AssertOneLine(every, refused);
            StringAssert.Contains(every.Error, "--checkpoint-every must be at least 0 (got -1).");
            var critic = Run("images", "fit", "--data", Data("handwritten_digits_8x8.csv.gz"), "--label", "digit", "--model", refused, "--loss", "wgan-gp", "--critic-steps", "0");
            AssertOneLine(critic, refused);
            StringAssert.Contains(critic.Error, "--critic-steps must be at least 1 (got 0).");

            // a model of another kind: a table synthesizer
            string tvae = Path.Combine(folder, "table.zip"), rows = Path.Combine(folder, "rows.csv");
            File.WriteAllLines(rows, ["x,y", .. Enumerable.Range(0, 30).Select(i => $"{i},{i % 3}")]);
            Assert.AreEqual(0, Run("fit", "--data", rows, "--model", tvae, "--synthesizer", "tvae", "--epochs", "1").Code);
            var otherKind = Run("images", "sample", "--model", tvae, "--class", "1", "--out", samples);
            AssertOneLine(otherKind, samples);
            StringAssert.Contains(otherKind.Error, "holds a TVAE table synthesizer, not an image model (DCGAN)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertOneLine((int Code, string Out, string Error) run, string output)
    {
        Assert.AreEqual(2, run.Code, run.Error);
        Assert.AreEqual(1, run.Error.Trim().Split('\n').Length, run.Error);
        Assert.IsFalse(run.Error.Contains("   at "), "no stack trace");
        Assert.IsFalse(File.Exists(output) || Directory.Exists(output), $"{output} was written");
    }

    private static void WritePng(string path, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.White);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static string[] ReadGzipLines(string path)
    {
        using var stream = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
