namespace MLNet.Gan;

/// <summary>Training produced a non-finite loss: the model would be broken, so training stops and writes nothing.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message)
{
    /// <summary>The one message every trainer gives: where it diverged, the losses there, and what to try.</summary>
    internal static TrainingDivergedException At(string where, string losses, string advice)
        => new($"Training diverged at {where}: {losses}. No model was written. {advice}");
}
