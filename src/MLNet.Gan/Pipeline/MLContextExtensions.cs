using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Gan.Augmentation;
using MLNet.Gan.Logging;

namespace MLNet.Gan.Pipeline;

/// <summary>The catalogs this library adds to <c>MLContext</c>.</summary>
public static class MLContextExtensions
{
    extension(MLContext ml)
    {
        /// <summary>
        /// Minority oversamplers for <c>WithAugmentation</c>: CTGAN, TVAE, SMOTE-NC, random duplication.
        /// Each access draws the oversamplers' seed from the context's random source, as ML.NET's own
        /// components do: a context made with a seed gives the same oversamplers in the same program.
        /// </summary>
        public AugmentationCatalog Augmentation => new(ml.DrawSeed("MLNet.Gan.Augmentation")) { Log = ContextLog.For(ml, "MLNet.Gan.Augmentation") };

        /// <summary>
        /// CTGAN and TVAE as estimators that generate data views. Made without options, they are seeded
        /// from the context (as <see cref="Augmentation"/> is); their fits log through <c>ml.Log</c>.
        /// </summary>
        public SynthesizerCatalog Synthesizers => new(ml.DrawSeed("MLNet.Gan.Synthesizers"), ContextLog.For(ml, "MLNet.Gan.Synthesizers"));

        /// <summary>
        /// Generators of market return paths (the sequence GAN, GARCH(1,1)-t) as estimators. The GAN made
        /// without options is seeded from the context; its fit logs through <c>ml.Log</c>.
        /// </summary>
        public SeriesCatalog Series => new(ml.DrawSeed("MLNet.Gan.Series"), ContextLog.For(ml, "MLNet.Gan.Series"));

        private long DrawSeed(string component) => ((IHostEnvironment)ml).Register(component).Rand.Next();
    }
}
