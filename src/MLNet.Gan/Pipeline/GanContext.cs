using MLNet.Gan.Augmentation;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Pipeline;

/// <summary>
/// The front door (ML.NET's <c>MLContext</c>): catalogs for data, augmentation, classifiers and
/// evaluation. <see cref="Seed"/> seeds every estimator created through it unless told otherwise.
/// </summary>
public sealed class GanContext(long seed = 0)
{
    /// <summary>The default seed of estimators made through this context.</summary>
    public long Seed { get; } = seed;

    /// <summary>Loading, splitting and k-fold.</summary>
    public DataCatalog Data { get; } = new(seed);

    /// <summary>Minority oversampling: GAN, TVAE, SMOTE, random duplication.</summary>
    public AugmentationCatalog Augment { get; } = new(seed);

    /// <summary>Classifiers (gradient-boosted trees come with MLNet.Gan.XGBoost as an extension).</summary>
    public ClassifierCatalog Classifiers { get; } = new(seed);

    /// <summary>Metrics of scored data.</summary>
    public EvaluationCatalog Evaluate { get; } = new();

    /// <summary>Saving and loading fitted pipelines.</summary>
    public ModelCatalog Model { get; } = new();
}

/// <summary>Saving and loading fitted pipelines (ML.NET's <c>mlContext.Model</c>).</summary>
public sealed class ModelCatalog
{
    /// <summary>Saves a fitted chain to one archive (see <see cref="PipelineArchive"/>), atomically.</summary>
    public void Save<T>(TransformerChain<T> model, string path)
        where T : class, ITransformer
        => PipelineArchive.Save(model, path);

    /// <summary>Loads a saved chain; it scores data exactly as the saved one did.</summary>
    public TransformerChain<ITransformer> Load(string path) => PipelineArchive.Load(path);
}

/// <summary>Data operations of a <see cref="GanContext"/>.</summary>
public sealed class DataCatalog(long seed)
{
    /// <summary>Reads a CSV (plain or gzip).</summary>
    public Table LoadFromCsv(string path, CsvReadOptions? options = null) => CsvTable.Read(path, options);

    /// <summary>Stratified train/test split by the table's label.</summary>
    public (Table Train, Table Test) TrainTestSplit(Table table, double testFraction = 0.3, long? splitSeed = null)
        => table.StratifiedSplit(testFraction, splitSeed ?? seed);

    /// <summary>Stratified k-fold cross-validation: fits <paramref name="estimator"/> inside each fold (augmentation never sees the fold's test rows) and evaluates on the fold's test rows.</summary>
    public IReadOnlyList<BinaryClassificationMetrics> CrossValidate<T>(Table table, IEstimator<T> estimator, string positiveClass, int folds = 5, string scoreColumn = "Score", long? foldSeed = null)
        where T : class, ITransformer
    {
        var label = table.Label ?? throw new ArgumentException("Cross-validation needs a table with a label column.", nameof(table));
        var results = new List<BinaryClassificationMetrics>();
        foreach (var (train, test) in table.KFold(folds, foldSeed ?? seed))
        {
            var model = estimator.Fit(train);
            var scored = model.Transform(test);
            results.Add(BinaryMetrics.Evaluate(scored, label, positiveClass, scoreColumn));
        }

        return results;
    }
}

/// <summary>Classifiers of a <see cref="GanContext"/>; trainers are added as extension methods by their packages.</summary>
public sealed class ClassifierCatalog(long seed)
{
    /// <summary>The context's seed, for trainers added by extension.</summary>
    public long Seed { get; } = seed;
}

/// <summary>Evaluation of a <see cref="GanContext"/>.</summary>
public sealed class EvaluationCatalog
{
    /// <summary>Binary classification metrics of a scored table (the score is the positive-class probability).</summary>
    public BinaryClassificationMetrics Binary(Table scored, string labelColumn, string positiveClass, string scoreColumn = "Score")
        => BinaryMetrics.Evaluate(scored, labelColumn, positiveClass, scoreColumn);
}
