using System.Diagnostics;

namespace MLNet.Gan.Compute;

/// <summary>A unit of parallel work: part <c>part</c> of <c>parts</c>, each part a fixed range.</summary>
internal interface IParallelWork
{
    void Execute(int part, int parts);
}

/// <summary>
/// A small pool of dedicated threads that run one <see cref="IParallelWork"/> at a time, split into
/// as many parts as there are threads. Unlike <c>Parallel.For</c> it allocates nothing per call, and
/// the caller decides which part owns which output range, so the arithmetic order of every output
/// never depends on scheduling (bit-identical results whatever the thread count).
/// </summary>
/// <remarks>
/// Workers spin on a generation counter for about a millisecond after each job before they sleep.
/// On the 2-vCPU virtual machines we run on, waking a sleeping vCPU took as long as half a GEMM,
/// which made two threads no faster than one; training issues GEMMs back to back, so the spinning
/// workers are nearly always awake when the next one comes.
/// </remarks>
internal sealed class WorkerPool : IDisposable
{
    private static readonly object CreateLock = new();
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;
    private const int TightPolls = 1 << 14; // × ~50 ns: about a millisecond
    private static WorkerPool? _shared;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _sleeping;
    private readonly object _runLock = new();
    private IParallelWork? _work;
    private int _parts;
    private int _generation;
    private int _pending;
    private Exception? _failure;
    private volatile bool _disposed;

    private WorkerPool(int threadCount)
    {
        ThreadCount = threadCount;
        _threads = new Thread[threadCount - 1];
        _wake = new SemaphoreSlim[threadCount - 1];
        _sleeping = new int[threadCount - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int part = i + 1;
            _wake[i] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => WorkerLoop(part)) { IsBackground = true, Name = $"mlnet-gan-worker-{part}" };
            _threads[i].Start();
        }
    }

    /// <summary>Number of threads, the calling thread included.</summary>
    public int ThreadCount { get; }

    /// <summary>The pool sized by <see cref="ComputeSettings.Threads"/>.</summary>
    public static WorkerPool Shared
    {
        get
        {
            int wanted = ComputeSettings.Threads;
            var pool = _shared;
            if (pool is not null && pool.ThreadCount == wanted)
            {
                return pool;
            }

            lock (CreateLock)
            {
                if (_shared is null || _shared.ThreadCount != wanted)
                {
                    // the previous pool is retired, not disposed: a job on another thread may still be running on it,
                    // and its workers sleep on their semaphores once idle (a thread count changes a few times per process)
                    _shared = new WorkerPool(wanted);
                }

                return _shared;
            }
        }
    }

    /// <summary>Below this many elements an element-wise pass runs on the calling thread: waking another costs more.</summary>
    public const int SplitFrom = 1 << 15;

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of [0, <paramref name="count"/>), cut at multiples
    /// of <paramref name="multiple"/> (vector-aligned slices, so an element's value does not depend on the split).
    /// </summary>
    public static (int Start, int End) Slice(int count, int part, int parts, int multiple = 1)
    {
        int chunks = (count + multiple - 1) / multiple;
        int start = (int)((long)chunks * part / parts) * multiple;
        int end = (int)((long)chunks * (part + 1) / parts) * multiple;
        return (Math.Min(count, start), Math.Min(count, end));
    }

    /// <summary>Runs an element-wise pass over <paramref name="elements"/> values: split between the threads from <see cref="SplitFrom"/> on.</summary>
    public void RunSplit(IParallelWork work, long elements) => Run(work, elements < SplitFrom ? 1 : ThreadCount);

    /// <summary>Runs <paramref name="parts"/> parts of the work (at most the thread count) and waits for all.</summary>
    public void Run(IParallelWork work, int parts)
    {
        parts = Math.Clamp(parts, 1, ThreadCount);
        if (parts == 1)
        {
            work.Execute(0, 1);
            return;
        }

        lock (_runLock)
        {
            _work = work;
            _parts = parts;
            _failure = null;
            Volatile.Write(ref _pending, ThreadCount - 1);
            Interlocked.Increment(ref _generation); // full fence: publishes the job before any wake-up
            for (int i = 0; i < _wake.Length; i++)
            {
                if (Interlocked.Exchange(ref _sleeping[i], 0) == 1)
                {
                    _wake[i].Release();
                }
            }

            try
            {
                work.Execute(0, parts);
            }
            finally
            {
                WaitForWorkers();

                _work = null;
            }

            if (_failure is not null)
            {
                throw new AggregateException("A compute worker failed.", _failure);
            }
        }
    }

    /// <summary>
    /// Polls every ~50 ns for about a millisecond, then backs off (yields) in case a worker lost its vCPU.
    /// <see cref="SpinWait.SpinOnce()"/> alone doubles its pause and yields from its tenth call, which took up to
    /// 11 µs to notice a worker that finished 3 µs after the caller: half of a 25-µs product.
    /// </summary>
    private void WaitForWorkers()
    {
        for (int polls = 0; Volatile.Read(ref _pending) != 0; polls++)
        {
            if (polls < TightPolls)
            {
                Thread.SpinWait(1);
                continue;
            }

            var spin = default(SpinWait);
            while (Volatile.Read(ref _pending) != 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            return;
        }
    }

    private void WorkerLoop(int part)
    {
        int seen = 0;
        while (true)
        {
            seen = WaitForJob(part, seen);
            if (_disposed)
            {
                return;
            }

            try
            {
                if (part < _parts)
                {
                    _work!.Execute(part, _parts);
                }
            }
            catch (Exception ex)
            {
                _failure = ex;
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    /// <summary>Spins for about a millisecond, then sleeps until the generation moves past <paramref name="seen"/>.</summary>
    private int WaitForJob(int part, int seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        while (true)
        {
            int generation = Volatile.Read(ref _generation);
            if (generation != seen || _disposed)
            {
                return generation;
            }

            if (Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(1); // ~50 ns between polls (20 took 0.8 µs: a late start on 20-µs products)
                continue;
            }

            // Announce sleep, then re-check (Dekker): either Run sees the flag and releases us, or we
            // see its new generation and take the flag back ourselves.
            Interlocked.Exchange(ref _sleeping[part - 1], 1);
            if (Volatile.Read(ref _generation) != seen || _disposed)
            {
                if (Interlocked.Exchange(ref _sleeping[part - 1], 0) == 0)
                {
                    _wake[part - 1].Wait(); // Run already released us: consume that release
                }

                continue;
            }

            _wake[part - 1].Wait();
            deadline = Stopwatch.GetTimestamp() + SpinTicks;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        for (int i = 0; i < _wake.Length; i++)
        {
            if (Interlocked.Exchange(ref _sleeping[i], 0) == 1)
            {
                _wake[i].Release();
            }
        }
    }
}
