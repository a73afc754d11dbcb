using Microsoft.ML;
using MLNet.Gan.Anomaly;

namespace MLNet.Gan.Pipeline;

/// <summary>The generative anomaly detectors on <c>mlContext.AnomalyDetection</c>, beside ML.NET's RandomizedPca.</summary>
public static class AnomalyDetectionExtensions
{
    extension(AnomalyDetectionCatalog.AnomalyDetectionTrainers trainers)
    {
        /// <summary>
        /// A TVAE anomaly detector for mixed-type rows (<see cref="TvaeAnomalyEstimator"/>), with the
        /// threshold flagging <paramref name="contamination"/> of the training rows; <paramref name="ignoreColumnNames"/>
        /// (a label, an identifier) pass through without being learned.
        /// </summary>
        public TvaeAnomalyEstimator Tvae(double contamination = 0.01, IReadOnlyList<string>? ignoreColumnNames = null)
            => new(new TvaeAnomalyOptions { Contamination = contamination, IgnoreColumnNames = ignoreColumnNames ?? [] });

        /// <summary>A TVAE anomaly detector with every option (<see cref="TvaeAnomalyOptions"/>).</summary>
        public TvaeAnomalyEstimator Tvae(TvaeAnomalyOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            return new(options);
        }
    }

    extension(AnomalyDetectionCatalog catalog)
    {
        /// <summary>Loads a detector saved with <see cref="TvaeAnomalyTransformer.Save"/>.</summary>
        public TvaeAnomalyTransformer LoadTvae(string path) => TvaeAnomalyTransformer.Load(path);
    }
}
