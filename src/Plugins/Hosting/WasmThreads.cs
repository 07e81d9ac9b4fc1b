using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace PluginHost.Plugins.Hosting;

/// <summary>Long-lived threads whose stack fits the wasm stack, for guest calls from threads that do not: an idle thread
/// is reused, a new one starts when all are busy (so a call never waits for another), and one idle for
/// <see cref="IdleLifetime"/> ends. A call from a thread whose stack is big enough already (one of these, or one that
/// <see cref="Adopt"/>ed its stack size, e.g. a runner's thread) runs inline: no hand-off to another thread and back.</summary>
internal sealed class WasmThreads(int stackSize, string name)
{
    /// <summary>How long an idle thread waits for work before it ends.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentStack<Worker> _idle = new();

    [ThreadStatic] private static int _stackSize;

    /// <summary>True on a thread fit for guest code: one of these, or one that adopted its stack size.</summary>
    public static bool OnWasmThread => _stackSize > 0;

    /// <summary>Declares the calling thread's stack size (it was started with at least <paramref name="stackSize"/>
    /// bytes): calls needing no more than that run inline on it.</summary>
    public static void Adopt(int stackSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stackSize);
        _stackSize = stackSize;
    }

    /// <summary>Runs <paramref name="work"/> on one of the threads (inline when the calling thread's stack is big enough)
    /// and returns its result (rethrows its exception).</summary>
    public T Run<T>(Func<T> work)
    {
        if (_stackSize >= stackSize) return work();
        var worker = Claim();
        try
        {
            return worker.Run(work);
        }
        finally
        {
            worker.Release();
            _idle.Push(worker);
        }
    }

    private Worker Claim()
    {
        while (_idle.TryPop(out var worker))
            if (worker.TryClaim()) return worker;
        var fresh = new Worker(stackSize);
        fresh.TryClaim();
        new Thread(fresh.Loop, stackSize) { IsBackground = true, Name = name }.Start();
        return fresh;
    }

    private sealed class Worker(int stackSize)
    {
        private const int Idle = 0, Claimed = 1, Ended = 2;
        private readonly SemaphoreSlim _go = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private int _state;
        private Action? _work;

        public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Idle) == Idle;

        public void Release() => Volatile.Write(ref _state, Idle);

        public T Run<T>(Func<T> work)
        {
            T result = default!;
            ExceptionDispatchInfo? error = null;
            _work = () =>
            {
                try { result = work(); }
                catch (Exception e) { error = ExceptionDispatchInfo.Capture(e); }
            };
            _go.Release();
            _done.Wait();
            error?.Throw();
            return result;
        }

        public void Loop()
        {
            _stackSize = stackSize;
            while (true)
            {
                if (!_go.Wait(IdleLifetime))
                {
                    if (Interlocked.CompareExchange(ref _state, Ended, Idle) == Idle) return;
                    _go.Wait(); // claimed just as the wait ran out: the work is on its way
                }
                var work = _work!;
                _work = null;
                work();
                _done.Release();
            }
        }
    }
}
