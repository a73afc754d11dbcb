namespace MLNet.Gan.Tests;

/// <summary>Reports on the training thread as each report is made (<see cref="Progress{T}"/> posts them later).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
