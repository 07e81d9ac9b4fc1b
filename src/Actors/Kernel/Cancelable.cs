namespace PluginHost.Actors.Kernel;

/// <summary>Handle of a scheduled delivery; cancel (or dispose) it to stop further deliveries.</summary>
public sealed class Cancelable : IDisposable
{
    private readonly Action _action;
    private readonly bool _once;
    private readonly Action<Cancelable> _onCanceled;
    private Timer? _timer;
    private int _canceled;

    /// <summary>Creates a handle whose timer is armed by <see cref="Arm"/>.</summary>
    internal Cancelable(Action action, bool once, Action<Cancelable> onCanceled)
    {
        _action = action;
        _once = once;
        _onCanceled = onCanceled;
    }

    /// <summary>True once canceled, or once a single delivery has happened.</summary>
    public bool IsCancellationRequested => Volatile.Read(ref _canceled) == 1;

    /// <summary>Stops further deliveries; one already running completes.</summary>
    public void Cancel()
    {
        if (Interlocked.Exchange(ref _canceled, 1) == 0)
        {
            _timer?.Dispose();
            _onCanceled(this);
        }
    }

    /// <summary>Same as <see cref="Cancel"/>.</summary>
    public void Dispose() => Cancel();

    /// <summary>Starts the timer (after the handle is registered, so a fast first tick finds it).</summary>
    internal void Arm(TimeSpan delay, TimeSpan period)
    {
        _timer = new Timer(static state => ((Cancelable)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay, period);
        if (IsCancellationRequested)
        {
            _timer.Dispose(); // canceled while arming
        }
    }

    /// <summary>Timer tick: delivers unless canceled; a single delivery then cancels itself.</summary>
    private void Fire()
    {
        if (IsCancellationRequested)
        {
            return;
        }

        if (_once)
        {
            Cancel();
        }

        _action();
    }
}
