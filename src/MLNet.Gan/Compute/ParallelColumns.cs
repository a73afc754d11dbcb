using System.Runtime.ExceptionServices;

namespace MLNet.Gan.Compute;

/// <summary>
/// Runs independent per-column work (encoder fit and transform) on up to <see cref="ComputeSettings.Threads"/>
/// threads. Each column's work must depend only on its index (its own seeded stream), so the result
/// is the same for any thread count. A failure surfaces as the original exception, not an AggregateException.
/// </summary>
internal static class ParallelColumns
{
    /// <summary>Calls <paramref name="body"/> for 0 … count − 1.</summary>
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = ComputeSettings.Threads }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
