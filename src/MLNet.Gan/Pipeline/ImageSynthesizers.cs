using MLNet.Gan.Compute;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Augmentation;
using MLNet.Gan.DataViews;
using MLNet.Gan.Images;
using MLNet.Gan.Layers;
using MLNet.Gan.Logging;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Pipeline;

/// <summary>
/// An unfitted class-conditional DCGAN (<c>mlContext.Synthesizers.Dcgan</c>): <see cref="Fit"/> trains it on
/// an image column (a vector of C·H·W numbers in NCHW order, as ML.NET's <c>ExtractPixels</c> makes) and a
/// class column, and returns a <see cref="DcganTransformer"/> that generates images of any class.
/// </summary>
public sealed class DcganEstimator : IEstimator<DcganTransformer>
{
    private readonly ImageShape _shape;
    private readonly DcganOptions _options;
    private readonly ContextLog _log;
    private readonly CancellationToken _cancellationToken;

    internal DcganEstimator(string imageColumnName, string labelColumnName, int channels, int height, int width, DcganOptions options, ContextLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(imageColumnName);
        ArgumentNullException.ThrowIfNull(labelColumnName);
        _shape = new ImageShape(channels, height, width);
        _shape.Check(nameof(height));
        options.Validate();
        (ImageColumnName, LabelColumnName) = (imageColumnName, labelColumnName);
        (_options, _log, _cancellationToken) = (options, log, cancellationToken);
    }

    /// <summary>The image column: a vector of <see cref="Channels"/>·<see cref="Height"/>·<see cref="Width"/> numbers.</summary>
    public string ImageColumnName { get; }

    /// <summary>The class column (text, key, number or Boolean).</summary>
    public string LabelColumnName { get; }

    /// <summary>Image channels (1 for grey levels, 3 for colour).</summary>
    public int Channels => _shape.Channels;

    /// <summary>Image height in pixels.</summary>
    public int Height => _shape.Height;

    /// <summary>Image width in pixels.</summary>
    public int Width => _shape.Width;

    /// <summary>The options it trains with (a copy).</summary>
    public DcganOptions Options => _options.Clone();

    /// <summary>Trains on every row of <paramref name="input"/>.</summary>
    public DcganTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = _shape;
        var image = SchemaColumns.Require(input.Schema, ImageColumnName, "image column", "training data");
        if (image.Type is not VectorDataViewType { ItemType: NumberDataViewType } vector || vector.Size != shape.Size)
        {
            throw new ArgumentException($"Column '{ImageColumnName}' is not an image of {shape}: expected a vector of {shape.Size} numbers (as ExtractPixels makes from images resized to {Width}×{Height}), got {image.Type}.");
        }

        SchemaColumns.Require(input.Schema, LabelColumnName, "label column", "training data");
        var table = DataViewLayout.Of(input.Schema, [ImageColumnName, LabelColumnName]).Read(input, LabelColumnName);
        var (pixels, _) = ImageTable.Read(table, LabelColumnName, shape);
        var label = (CategoricalColumn)table[LabelColumnName];
        var model = _log.Run("DCGAN fit", info =>
        {
            var options = _options.Clone();
            options.Progress = TrainingProgress.Logged("DCGAN", info, _options.Progress);
            info($"DCGAN: training on {table.RowCount:N0} images of {shape} in {label.Categories.Count} classes, {options.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var fitted = new Dcgan(options).Fit(pixels, label.Codes, shape, label.Categories, Dcgan.PixelRange(pixels), _cancellationToken);
            info($"DCGAN: trained in {clock.Elapsed:hh\\:mm\\:ss}");
            return fitted;
        });
        return new DcganTransformer(model, ImageColumnName, LabelColumnName);
    }

    /// <summary>The generated views' schema: the label as text and the image vector.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (var name in new[] { ImageColumnName, LabelColumnName })
        {
            if (!SchemaShapes.Has(inputSchema, name))
            {
                throw new ArgumentException($"The training data has no column '{name}'.", nameof(inputSchema));
            }
        }

        // the image stays a vector, now of Single; the label becomes text (a conversion's shapes, since ML.NET keeps SchemaShape's constructors internal)
        return new SchemaShape([
            SchemaShapes.Scalar(inputSchema, LabelColumnName, LabelColumnName, DataKind.String),
            SchemaShapes.Scalar(inputSchema, ImageColumnName, ImageColumnName, DataKind.Single)]);
    }
}

/// <summary>
/// A trained class-conditional DCGAN. <see cref="Generate"/> makes images of one class; <see cref="Transform"/>
/// makes one image for every input row, of that row's class. Views hold the class as text and the image as
/// a vector of <c>Single</c> in the training pixels' range. It saves to its own archive (<see cref="Save"/>;
/// load with <c>mlContext.Synthesizers.LoadDcgan</c>), as the table synthesizers do.
/// </summary>
public sealed class DcganTransformer : ITransformer
{
    private readonly Shape _shape;

    internal DcganTransformer(DcganModel model, string imageColumnName, string labelColumnName)
    {
        Model = model;
        _shape = new Shape(imageColumnName, labelColumnName, model.Shape.Size);
        OutputSchema = _shape.Write([], [], 0).Schema;
    }

    internal DcganModel Model { get; }

    /// <summary>The classes it can generate, by name.</summary>
    public IReadOnlyList<string> Classes => Model.ClassNames;

    /// <summary>The schema of generated views.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <summary><paramref name="count"/> images of class <paramref name="className"/>; the same seed gives the same images.</summary>
    public IDataView Generate(int count, string className, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int label = Model.ClassIndex(className);
        return _shape.Write(Model.Generate(count, label, seed), Enumerable.Repeat(Model.ClassNames[label], count).ToArray(), count);
    }

    /// <summary>One generated image for every row of <paramref name="input"/>, of that row's class (seed 0).</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        SchemaColumns.Require(input.Schema, _shape.Label, "label column", "input");
        var column = (CategoricalColumn)DataViewLayout.Of(input.Schema, [_shape.Label]).Read(input, _shape.Label)[_shape.Label];
        var labels = column.Codes.Select(c => column.Categories[c]).ToArray();
        var pixels = new float[labels.Length * Model.Shape.Size];
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]))
        {
            var rows = group.ToArray();
            var images = Model.Generate(rows.Length, Model.ClassIndex(group.Key), seed: 0);
            for (int i = 0; i < rows.Length; i++)
            {
                images.AsSpan(i * Model.Shape.Size, Model.Shape.Size).CopyTo(pixels.AsSpan(rows[i] * Model.Shape.Size));
            }
        }

        return _shape.Write(pixels, labels, labels.Length);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => OutputSchema;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new InvalidOperationException("A DCGAN makes new images; it is not a row-to-row mapper (PredictionEngine cannot run it).");

    /// <summary>Saves to our versioned, checksummed archive, atomically.</summary>
    public void Save(string path) => Model.Save(path);

    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("A DCGAN cannot be saved inside an ML.NET model file (ML.NET gives third-party transformers no saved format); use DcganTransformer.Save(path) and mlContext.Synthesizers.LoadDcgan(path).");

    /// <summary>The generated views' two columns.</summary>
    internal sealed record Shape(string Image, string Label, int Size)
    {
        public IDataView Write(float[] pixels, string[] labels, int count)
        {
            var rows = new GeneratedImage[count];
            for (int i = 0; i < count; i++)
            {
                rows[i] = new GeneratedImage { Label = labels[i], Pixels = pixels.AsSpan(i * Size, Size).ToArray() };
            }

            var definition = SchemaDefinition.Create(typeof(GeneratedImage));
            definition[nameof(GeneratedImage.Label)].ColumnName = Label;
            definition[nameof(GeneratedImage.Pixels)].ColumnName = Image;
            definition[nameof(GeneratedImage.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Size);
            return new MLContext().Data.LoadFromEnumerable(rows, definition);
        }
    }

    private sealed class GeneratedImage
    {
        public string Label { get; set; } = "";

        public float[] Pixels { get; set; } = [];
    }
}
