using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Gan.Anomaly;
using MLNet.Gan.Logging;

namespace MLNet.Gan.Pipeline;

/// <summary>The generative anomaly detectors on <c>mlContext.AnomalyDetection</c>, beside ML.NET's RandomizedPca.</summary>
public static class AnomalyDetectionExtensions
{
    /// <summary>
    /// ML.NET hands its own trainers the context through the trainers catalog's internal interface
    /// <c>IInternalCatalog</c> (its <c>Environment</c>) and gives extensions no public way to it. We read
    /// that property through the interface so that a detector
    /// takes its seed from the context and logs to <c>ml.Log</c> as RandomizedPca does; a test fails if a
    /// later ML.NET renames it.
    /// </summary>
    private static readonly PropertyInfo? EnvironmentProperty = typeof(TrainCatalogBase.CatalogInstantiatorBase)
        .GetInterface("Microsoft.ML.Data.IInternalCatalog")?.GetProperty("Environment");

    private const string Component = "MLNet.Gan.AnomalyDetection";

    extension(AnomalyDetectionCatalog.AnomalyDetectionTrainers trainers)
    {
        /// <summary>
        /// A TVAE anomaly detector for mixed-type rows (<see cref="TvaeAnomalyEstimator"/>), with the
        /// threshold flagging <paramref name="contamination"/> of the training rows; <paramref name="ignoreColumnNames"/>
        /// (a label, an identifier) pass through without being learned. The seed is <paramref name="seed"/>
        /// when given, else one drawn from the context (so <c>new MLContext(seed: 1)</c> fixes it).
        /// </summary>
        public TvaeAnomalyEstimator Tvae(double contamination = 0.01, IReadOnlyList<string>? ignoreColumnNames = null, int? seed = null)
        {
            var environment = Environment(trainers);
            var options = new TvaeAnomalyOptions { Contamination = contamination, IgnoreColumnNames = ignoreColumnNames ?? [] };
            options.Tvae.Seed = seed ?? environment?.Register(Component).Rand.Next() ?? 0;
            return new(options, Log(environment));
        }

        /// <summary>A TVAE anomaly detector with every option (<see cref="TvaeAnomalyOptions"/>; the seed is theirs). The options are copied.</summary>
        public TvaeAnomalyEstimator Tvae(TvaeAnomalyOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            return new(options.Clone(), Log(Environment(trainers)));
        }
    }

    extension(AnomalyDetectionCatalog catalog)
    {
        /// <summary>Loads a detector saved with <see cref="TvaeAnomalyTransformer.Save"/>.</summary>
        public TvaeAnomalyTransformer LoadTvae(string path) => TvaeAnomalyTransformer.Load(path);
    }

    /// <summary>The context behind <paramref name="trainers"/>, or null if ML.NET no longer exposes it this way.</summary>
    internal static IHostEnvironment? Environment(AnomalyDetectionCatalog.AnomalyDetectionTrainers trainers)
        => EnvironmentProperty?.GetValue(trainers) as IHostEnvironment;

    private static ContextLog Log(IHostEnvironment? environment) => environment is null ? ContextLog.None : ContextLog.For(environment, Component);
}
