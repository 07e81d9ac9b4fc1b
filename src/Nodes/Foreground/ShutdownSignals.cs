using System.Runtime.InteropServices;

namespace PluginHost.Nodes.Foreground;

/// <summary>While registered, SIGTERM and SIGINT (Ctrl+C) no longer kill the process: the first signal asks for a
/// graceful stop, a second one for an immediate stop.</summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private readonly Action<string> _onFirst;
    private readonly Action _onSecond;
    private int _count;

    /// <summary>Registers the handlers: <paramref name="onFirst"/> gets the signal's name ("SIGTERM" or "SIGINT").</summary>
    public ShutdownSignals(Action<string> onFirst, Action onSecond)
    {
        _onFirst = onFirst;
        _onSecond = onSecond;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
        ];
    }

    /// <summary>The first signal received ("SIGTERM" or "SIGINT"), or null.</summary>
    public string? Received { get; private set; }

    /// <summary>The conventional exit code for the first signal: 128 + its number (143 for SIGTERM, 130 for SIGINT).</summary>
    public int ExitCode => Received == "SIGTERM" ? 143 : 130;

    /// <summary>Restores the default handling (the signals kill the process again).</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        var count = Interlocked.Increment(ref _count);
        if (count == 1)
        {
            Received = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
            _onFirst(Received);
        }
        else if (count == 2)
        {
            _onSecond();
        }
    }
}
