using System.IO.Compression;
using System.Text.Json;
using MLNet.Gan.IO;
using MLNet.Gan.Pipeline;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.XGBoost;

/// <summary>Trains a binary gradient-boosted-trees classifier (XGBoost, binary:logistic) on a table's label.</summary>
public sealed class GradientBoostedTreesTrainer(string labelColumn, string positiveClass, GradientBoostedTreesOptions? options = null)
    : IEstimator<BinaryPredictionTransformer>
{
    /// <summary>The options.</summary>
    public GradientBoostedTreesOptions Options { get; } = options ?? new GradientBoostedTreesOptions();

    /// <inheritdoc />
    public unsafe BinaryPredictionTransformer Fit(Table input)
    {
        var label = input.Contains(labelColumn) && input[labelColumn] is CategoricalColumn c ? c
            : throw new ArgumentException($"The training table has no categorical label column '{labelColumn}'.");
        int positive = label.CodeOf(positiveClass);
        if (positive < 0)
        {
            throw new ArgumentException($"Label '{labelColumn}' has no value '{positiveClass}'. Values: {string.Join(", ", label.Categories)}.");
        }

        var layout = new FeatureLayout(input, labelColumn, [Options.ScoreColumn], Options.NumberCategoriesAsNumbers);
        var features = layout.Build(input);
        var targets = label.Codes.Select(code => code == positive ? 1f : 0f).ToArray();
        return XGBoostNative.Guard(() =>
        {
            using var matrix = BinaryPredictionTransformer.CreateMatrix(features, input.RowCount, layout.Width);
            fixed (float* t = targets)
            {
                XGBoostNative.Check(XGBoostNative.XGDMatrixSetFloatInfo(matrix.DangerousGetHandle(), "label", t, (ulong)targets.Length), "XGDMatrixSetFloatInfo");
            }

            IntPtr m = matrix.DangerousGetHandle();
            IntPtr* matrices = stackalloc IntPtr[] { m };
            return BinaryPredictionTransformer.Create(matrices, 1, layout, Options.ScoreColumn, raw =>
            {
                foreach (var (name, value) in Options.Parameters())
                {
                    XGBoostNative.Check(XGBoostNative.XGBoosterSetParam(raw, name, value), $"XGBoosterSetParam({name})");
                }

                for (int round = 0; round < Options.Rounds; round++)
                {
                    XGBoostNative.Check(XGBoostNative.XGBoosterUpdateOneIter(raw, round, m), "XGBoosterUpdateOneIter");
                }
            });
        });
    }
}

/// <summary>A trained classifier: adds a score column (the positive-class probability) to the tables it transforms.</summary>
public sealed class BinaryPredictionTransformer : ISavableTransformer, IDisposable
{
    private readonly BoosterHandle _booster;
    private readonly FeatureLayout _layout;

    internal BinaryPredictionTransformer(BoosterHandle booster, FeatureLayout layout, string scoreColumn)
    {
        _booster = booster;
        _layout = layout;
        ScoreColumn = scoreColumn;
    }

    /// <summary>The name of the added column.</summary>
    public string ScoreColumn { get; }

    /// <summary>The booster in XGBoost's own binary format (what a pipeline archive stores).</summary>
    public unsafe byte[] ModelBytes()
    {
        XGBoostNative.Check(XGBoostNative.XGBoosterGetModelRaw(_booster.DangerousGetHandle(), out ulong length, out byte* bytes), "XGBoosterGetModelRaw");
        return new ReadOnlySpan<byte>(bytes, checked((int)length)).ToArray();
    }

    /// <inheritdoc />
    public unsafe Table Transform(Table input)
    {
        var features = _layout.Build(input);
        using var matrix = CreateMatrix(features, input.RowCount, _layout.Width);
        XGBoostNative.Check(XGBoostNative.XGBoosterPredict(_booster.DangerousGetHandle(), matrix.DangerousGetHandle(), 0, 0, 0, out ulong length, out float* result), "XGBoosterPredict");
        var scores = new double[input.RowCount];
        for (int i = 0; i < scores.Length && (ulong)i < length; i++)
        {
            scores[i] = result[i];
        }

        var columns = input.Columns.Where(c => c.Name != ScoreColumn).Append(new NumericColumn(ScoreColumn, scores));
        return new Table(columns, input.Label);
    }

    /// <inheritdoc />
    public void Dispose() => _booster.Dispose();

    /// <summary>Writes the booster (XGBoost's own format) and the feature layout under <paramref name="folder"/>.</summary>
    public void Save(ZipArchive archive, string folder)
    {
        ArchiveEntries.Write(archive, folder + "booster.xgb", s => s.Write(ModelBytes()));
        var saved = new SavedLayout(ScoreColumn, [.. _layout.Columns.Select(c => new SavedColumn(c.Name, c.Categories, c.AsNumber))]);
        ArchiveEntries.Write(archive, folder + "features.json", s => JsonSerializer.Serialize(s, saved, SavedJson));
    }

    /// <summary>Reads a classifier written by <see cref="Save"/> (called by <see cref="PipelineArchive.Load"/>).</summary>
    public static unsafe BinaryPredictionTransformer Load(ZipArchive archive, string folder)
    {
        SavedLayout saved;
        using (var s = PipelineArchive.Entry(archive, folder + "features.json").Open())
        {
            saved = JsonSerializer.Deserialize<SavedLayout>(s, SavedJson) ?? throw new InvalidDataException("The classifier's features.json is empty.");
        }

        byte[] bytes;
        using (var s = PipelineArchive.Entry(archive, folder + "booster.xgb").Open())
        using (var memory = new MemoryStream())
        {
            s.CopyTo(memory);
            bytes = memory.ToArray();
        }

        var layout = new FeatureLayout([.. saved.Columns.Select(c => new FeatureColumn(c.Name, c.Categories, c.AsNumber))]);
        return XGBoostNative.Guard(() => Create(null, 0, layout, saved.ScoreColumn, raw =>
        {
            fixed (byte* b = bytes)
            {
                XGBoostNative.Check(XGBoostNative.XGBoosterLoadModelFromBuffer(raw, b, (ulong)bytes.Length), "XGBoosterLoadModelFromBuffer");
            }
        }));
    }

    /// <summary>Creates a booster over <paramref name="matrices"/>, lets <paramref name="prepare"/> train or load it, and wraps it; the handle is freed if that fails.</summary>
    internal static unsafe BinaryPredictionTransformer Create(IntPtr* matrices, ulong count, FeatureLayout layout, string scoreColumn, Action<IntPtr> prepare)
    {
        XGBoostNative.Check(XGBoostNative.XGBoosterCreate(matrices, count, out IntPtr raw), "XGBoosterCreate");
        var booster = new BoosterHandle(raw);
        try
        {
            prepare(raw);
            return new BinaryPredictionTransformer(booster, layout, scoreColumn);
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    private static readonly JsonSerializerOptions SavedJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record SavedColumn(string Name, string[]? Categories, bool AsNumber = false);

    private sealed record SavedLayout(string ScoreColumn, SavedColumn[] Columns);

    internal static unsafe DMatrixHandle CreateMatrix(float[] features, int rows, int width)
    {
        fixed (float* f = features)
        {
            XGBoostNative.Check(XGBoostNative.XGDMatrixCreateFromMat(f, (ulong)rows, (ulong)width, float.NaN, out IntPtr handle), "XGDMatrixCreateFromMat");
            return new DMatrixHandle(handle);
        }
    }
}

/// <summary>Adds gradient-boosted trees to <see cref="ClassifierCatalog"/>.</summary>
public static class ClassifierCatalogExtensions
{
    /// <summary>XGBoost gradient-boosted trees predicting <paramref name="positiveClass"/> of <paramref name="labelColumn"/>.</summary>
    public static GradientBoostedTreesTrainer GradientBoostedTrees(this ClassifierCatalog catalog, string labelColumn, string positiveClass, GradientBoostedTreesOptions? options = null)
    {
        options ??= new GradientBoostedTreesOptions { Seed = catalog.Seed };
        return new GradientBoostedTreesTrainer(labelColumn, positiveClass, options);
    }
}
