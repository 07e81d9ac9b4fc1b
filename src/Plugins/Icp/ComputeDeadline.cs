using System.Diagnostics;
using System.Runtime;
using PluginHost.Wasm;

namespace PluginHost.Plugins.Icp;

/// <summary>The compute limit of one <c>exec</c>: interrupts the store once the time spent computing exceeds the limit.
/// Computing = wall time since <see cref="Start"/> minus time in canister calls (<see cref="Excluding{T}"/>) minus
/// time the .NET JIT spent turning guest code into machine code (first calls of guest functions after a compile).</summary>
/// <remarks>The JIT time is the process's (<see cref="JitInfo.GetCompilationTime"/>): JIT work of other threads during
/// the exec is credited too, so the limit is never shorter than the compute, at worst longer by that work; the credit is
/// capped at <see cref="MaxJitCredit"/>, so a looping guest is stopped after at most its limit plus that.</remarks>
internal sealed class ComputeDeadline
{
    /// <summary>The most JIT time credited back to one exec.</summary>
    public static readonly TimeSpan MaxJitCredit = TimeSpan.FromMinutes(2);

    private readonly Store _store;
    private readonly TimeSpan _limit;
    private readonly Stopwatch _clock = new();
    private readonly object _gate = new();
    private TimeSpan _excluded;
    private TimeSpan _jitAtStart;
    private Timer? _timer;
    private bool _running;

    /// <summary>Creates the deadline of <paramref name="store"/>.</summary>
    public ComputeDeadline(Store store, TimeSpan limit)
    {
        _store = store;
        _limit = limit;
    }

    /// <summary>JIT time credited during the last exec.</summary>
    public TimeSpan Jit { get; private set; }

    /// <summary>Starts the clock (a new exec).</summary>
    public void Start()
    {
        lock (_gate)
        {
            _excluded = TimeSpan.Zero;
            _jitAtStart = JitInfo.GetCompilationTime(currentThread: false);
            Jit = TimeSpan.Zero;
            _clock.Restart();
            _running = true;
            Arm();
        }
    }

    /// <summary>Stops the clock.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _running = false;
            Jit = JitCredit();
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>Runs <paramref name="action"/> (a canister call) with the clock paused.</summary>
    public T Excluding<T>(Func<T> action)
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
        var started = _clock.Elapsed;
        try
        {
            return action();
        }
        finally
        {
            lock (_gate)
            {
                _excluded += _clock.Elapsed - started;
                if (_running) Arm();
            }
        }
    }

    // The JIT credit is capped: several threads JIT-compiling at once can add up JIT time faster than the wall clock
    // runs, and a guest that loops must still be stopped (at the latest after its limit plus the cap). The first exec
    // of the 12 MB componentize-js plugin JITs for 2-5 s on this machine, far below the cap.
    private TimeSpan Used() => _clock.Elapsed - _excluded - JitCredit();

    private TimeSpan JitCredit()
    {
        var jit = JitInfo.GetCompilationTime(currentThread: false) - _jitAtStart;
        return jit < MaxJitCredit ? jit : MaxJitCredit;
    }

    // Called under _gate: interrupts now when the limit is used up, else checks again when it could be.
    private void Arm()
    {
        var left = _limit - Used();
        if (left <= TimeSpan.Zero)
        {
            _store.Interrupt();
            return;
        }
        _timer?.Dispose();
        _timer = new Timer(_ =>
        {
            lock (_gate)
                if (_running && _timer is not null) Arm();
        }, null, left, Timeout.InfiniteTimeSpan);
    }
}
