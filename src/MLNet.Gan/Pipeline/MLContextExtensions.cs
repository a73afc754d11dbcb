using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Gan.Augmentation;

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
        public AugmentationCatalog Augmentation => new(ml.DrawSeed("MLNet.Gan.Augmentation"));

        /// <summary>CTGAN and TVAE as estimators that generate data views.</summary>
        public SynthesizerCatalog Synthesizers => new();

        /// <summary>Generators of market return paths (the sequence GAN, GARCH(1,1)-t) as estimators.</summary>
        public SeriesCatalog Series => new();

        private long DrawSeed(string component) => ((IHostEnvironment)ml).Register(component).Rand.Next();
    }
}
