using PluginHost.Plugins.Hosting;

namespace PluginHost.WasmRun;

/// <summary>The compute-time limit of `wasm run`: the process is the guest's sandbox, so when the limit passes the
/// process reports it and exits with <see cref="WasmRunCommand.TrapExitCode"/>; compiled code carries no epoch checks.</summary>
public sealed class WasmRunDeadline : IDisposable
{
    private const int Armed = 0, Fired = 1, Disarmed = 2;
    private readonly Timer? _timer;
    private int _state;

    /// <summary>Starts the clock for guest <paramref name="name"/>; no limit when <paramref name="limit"/> is null.</summary>
    public WasmRunDeadline(string name, TimeSpan? limit, TextWriter output, TextWriter error)
    {
        if (limit is not { } l) return;
        _timer = new Timer(_ => Fire(name, l, output, error), null, l, Timeout.InfiniteTimeSpan);
    }

    private void Fire(string name, TimeSpan limit, TextWriter output, TextWriter error)
    {
        if (Interlocked.CompareExchange(ref _state, Fired, Armed) != Armed) return;
        output.Flush();
        error.WriteLine($"error: wasm trap: Interrupt: plugin '{name}' exceeded its {PluginFailure.FormatSeconds(limit)} compute-time limit");
        error.Flush();
        Environment.Exit(WasmRunCommand.TrapExitCode);
    }

    /// <summary>Stops the clock (the guest returned in time); when the limit has just fired, waits for the exit.</summary>
    public void Dispose()
    {
        if (Interlocked.CompareExchange(ref _state, Disarmed, Armed) == Fired) Thread.Sleep(Timeout.Infinite);
        _timer?.Dispose();
    }
}
