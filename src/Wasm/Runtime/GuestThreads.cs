using System.Runtime.ExceptionServices;

namespace PluginHost.Wasm;

/// <summary>A pool of reusable threads with a large stack on which guest code runs.</summary>
/// <remarks>Calls made while already on such a thread (a host function calling back into wasm) run inline.</remarks>
internal static class GuestThreads
{
    [ThreadStatic] private static bool t_isGuest;
    private static readonly Stack<Worker> Idle = new();
    private static readonly object Gate = new();

    /// <summary>True on a guest thread.</summary>
    internal static bool OnGuestThread => t_isGuest;

    /// <summary>Runs work on a guest thread with at least the given stack size and waits for it; exceptions are rethrown as-is.</summary>
    internal static void Run(Action work, int stackSize)
    {
        if (t_isGuest)
        {
            work();
            return;
        }
        Worker? worker = null;
        lock (Gate)
        {
            // Reuse an idle thread whose stack is large enough.
            var skipped = new List<Worker>();
            while (Idle.Count > 0)
            {
                var w = Idle.Pop();
                if (w.StackSize >= stackSize) { worker = w; break; }
                skipped.Add(w);
            }
            foreach (var w in skipped) Idle.Push(w);
        }
        worker ??= new Worker(stackSize);
        var error = worker.Execute(work);
        lock (Gate) Idle.Push(worker);
        if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _start = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private Action? _work;
        private Exception? _error;

        internal Worker(int stackSize)
        {
            StackSize = stackSize;
            var thread = new Thread(Loop, stackSize) { IsBackground = true, Name = "wasm-guest" };
            thread.Start();
        }

        internal int StackSize { get; }

        internal Exception? Execute(Action work)
        {
            _work = work;
            _error = null;
            _start.Release();
            _done.Wait();
            var error = _error;
            _work = null;
            _error = null;
            return error;
        }

        private void Loop()
        {
            t_isGuest = true;
            while (true)
            {
                _start.Wait();
                try
                {
                    _work!();
                }
                catch (Exception e)
                {
                    _error = e;
                }
                _done.Release();
            }
        }
    }
}
