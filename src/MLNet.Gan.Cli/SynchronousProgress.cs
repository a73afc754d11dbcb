namespace MLNet.Gan.Cli;

/// <summary>
/// Reports progress on the reporting thread. <see cref="Progress{T}"/> posts to the thread pool, which
/// reorders lines and can report after the work has finished.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
