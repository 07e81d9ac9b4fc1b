using System.Collections.Concurrent;

namespace PluginHost.Actors.Kernel;

/// <summary>A thread that owns one actor: its loop runs there, and so do continuations of every await in it.</summary>
internal sealed class DedicatedThreadContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Action<Exception> _onError;

    private DedicatedThreadContext(Action<Exception> onError) => _onError = onError;

    /// <summary>Starts a background thread named <paramref name="name"/> running <paramref name="body"/> until its task completes.</summary>
    internal static void Start(Func<Task> body, string name, int stackSize, Action<Exception> onError)
    {
        var context = new DedicatedThreadContext(onError);
        var thread = new Thread(() => context.Run(body), stackSize) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>Queues <paramref name="d"/> to the thread; once the thread has ended, to the thread pool.</summary>
    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            ThreadPool.QueueUserWorkItem(s => Invoke(d, s), state);
        }
    }

    /// <summary>Synchronous dispatch is not supported: it could deadlock the actor.</summary>
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send to an actor's dedicated thread is not supported");

    /// <summary>Returns this context (there is one per thread).</summary>
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Pumps queued callbacks until the body's task completes.</summary>
    private void Run(Func<Task> body)
    {
        SetSynchronizationContext(this);
        try
        {
            body().ContinueWith(_ => _queue.CompleteAdding(), TaskScheduler.Default);
        }
        catch (Exception error)
        {
            _onError(error);
            _queue.CompleteAdding();
        }

        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            Invoke(callback, state);
        }

        _queue.Dispose();
    }

    /// <summary>Runs a callback; an exception (e.g. from async void) is reported, never fatal.</summary>
    private void Invoke(SendOrPostCallback callback, object? state)
    {
        try
        {
            callback(state);
        }
        catch (Exception error)
        {
            _onError(error);
        }
    }
}
