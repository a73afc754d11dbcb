using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.Gan.Logging;

/// <summary>
/// A component's messages as <c>MLContext.Log</c> events. <c>MLContext</c> is an
/// <c>IHostEnvironment</c>: a host registered on it opens channels whose messages reach every
/// subscriber of <c>ml.Log</c>, with the component's name as the source, as FastTree's do. A fit opens
/// one channel for its duration and reports its start, every tenth of its epochs or steps with the
/// losses, and its end; a catalog made without a context logs nothing.
/// </summary>
internal sealed class ContextLog
{
    private readonly IHost? _host;

    private ContextLog(IHost? host) => _host = host;

    /// <summary>Nothing is logged.</summary>
    public static ContextLog None { get; } = new(null);

    /// <summary>Messages of <paramref name="component"/> on <paramref name="ml"/>'s log.</summary>
    public static ContextLog For(MLContext ml, string component) => For((IHostEnvironment)ml, component);

    /// <summary>Messages of <paramref name="component"/> on the environment's log (a context's, reached through one of its catalogs).</summary>
    public static ContextLog For(IHostEnvironment environment, string component) => new(environment.Register(component));

    /// <summary>
    /// Runs <paramref name="work"/> with a channel open: it gets a function that writes one message. The
    /// channel closes when the work ends, whether it returns or throws.
    /// </summary>
    public T Run<T>(string name, Func<Action<string>, T> work)
    {
        if (_host is null)
        {
            return work(static _ => { });
        }

        using var channel = _host.Start(name);
        return work(message => channel.Info(MessageSensitivity.None, message));
    }

    /// <summary>One message on a channel of its own.</summary>
    public void Info(string name, string message) => Run(name, info =>
    {
        info(message);
        return 0;
    });

    /// <summary>A progress receiver that runs <paramref name="report"/> on the reporting thread, in order (<c>Progress&lt;T&gt;</c> would post to the thread pool).</summary>
    public static IProgress<T> Relay<T>(Action<T> report) => new RelayProgress<T>(report);

    private sealed class RelayProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
