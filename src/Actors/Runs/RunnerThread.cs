using System.Collections.Concurrent;
using PluginHost.Plugins.Hosting;

namespace PluginHost.Actors.Runs;

/// <summary>A runner's own thread with a big stack (guest code runs on it) and a synchronization context that queues
/// every continuation back to it: a step's code after an await (e.g. after a durable checkpoint) still runs here,
/// never on a thread-pool thread whose stack is too small for wasm.</summary>
public sealed class RunnerThread : SynchronizationContext, IDisposable
{
    /// <summary>Stack size of a runner thread.</summary>
    public const int StackSize = 64 * 1024 * 1024;

    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Thread _thread;

    /// <summary>Starts the thread named <paramref name="name"/>.</summary>
    public RunnerThread(string name)
    {
        _thread = new Thread(Loop, StackSize) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>True when called on this runner's thread.</summary>
    public bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>Runs <paramref name="step"/> on the thread; its awaits resume on the thread too.</summary>
    public void Run(Func<Task> step) => Post(static s => _ = ((Func<Task>)s!)(), step);

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            ThreadPool.QueueUserWorkItem(s => d(s), state); // the runner stopped: let the continuation finish elsewhere
        }
    }

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (IsCurrent) d(state);
        else throw new NotSupportedException("synchronous Send to a runner thread could deadlock it");
    }

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Stops taking work; queued continuations still run.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private void Loop()
    {
        SetSynchronizationContext(this);
        WasmEngine.AdoptCurrentThread(StackSize); // guest code runs right here, not handed to a wasm-call thread
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            try
            {
                callback(state);
            }
            catch (Exception)
            {
                // A step's failures are caught in the step's own task; nothing else may stop the runner.
            }
        }
    }
}
