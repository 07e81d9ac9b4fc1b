using System.Diagnostics;
using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Plugins.Icp;

/// <summary>The compute limit of one sync plugin store, on the engine's epoch ticker: the store's deadline callback
/// lets the guest go on while the time spent computing (wall time since the store was made, minus time in canister
/// calls, see <see cref="Excluding{T}"/>) is under the limit, as icp-cli grants canister-call time back. It also looks
/// at the cancellation token at least every <see cref="CheckInterval"/>.</summary>
internal sealed class ComputeDeadline
{
    /// <summary>Longest stretch the guest runs between two looks at the clock and the cancellation token.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly WasmEngine _engine;
    private readonly TimeSpan _limit;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _excluded;

    /// <summary>A deadline of <paramref name="limit"/> compute time, started now.</summary>
    public ComputeDeadline(WasmEngine engine, TimeSpan limit, CancellationToken cancellation)
    {
        _engine = engine;
        _limit = limit;
        _cancellation = cancellation;
    }

    /// <summary>Compute time used so far.</summary>
    public TimeSpan Used => _clock.Elapsed - _excluded;

    /// <summary>Sets the store's first deadline and its callback (before anything is instantiated in it).</summary>
    public void Attach(Store store)
    {
        store.SetEpochDeadline(NextTicks());
        store.SetEpochDeadlineCallback(_ =>
        {
            _cancellation.ThrowIfCancellationRequested();
            if (Used >= _limit) throw new ComputeLimitExceededException(_limit);
            return NextTicks();
        });
    }

    /// <summary>Runs <paramref name="action"/> (a canister call) with the clock paused.</summary>
    public T Excluding<T>(Func<T> action)
    {
        var started = _clock.Elapsed;
        try
        {
            return action();
        }
        finally
        {
            _excluded += _clock.Elapsed - started;
        }
    }

    private ulong NextTicks()
    {
        var left = _limit - Used;
        return _engine.TicksFor(left < CheckInterval ? left : CheckInterval);
    }
}

/// <summary>Thrown from the epoch deadline callback when a plugin used up its compute limit.</summary>
internal sealed class ComputeLimitExceededException(TimeSpan limit)
    : Exception($"plugin exceeded the compute limit of {limit.TotalSeconds:0} s ({ComputeLimit.Variable})");
