using System.Collections.Concurrent;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>A test step kind "hold": each step awaits (without blocking its thread) until released, and the executor
/// counts the steps running at once, overall and on any one thread; steps named "throw" throw, "fail" fail.</summary>
public sealed class HoldExecutor : IStepExecutor
{
    private readonly SemaphoreSlim _release = new(0);
    private readonly ConcurrentDictionary<int, int> _onThread = new();
    private int _running;
    private int _maxRunning;
    private int _maxOnOneThread;

    /// <inheritdoc />
    public string Kind => "hold";

    /// <summary>Steps running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Most steps that ever ran at once.</summary>
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Most steps that ever ran at once on one thread.</summary>
    public int MaxOnOneThread => Volatile.Read(ref _maxOnOneThread);

    /// <summary>Lets <paramref name="count"/> held steps finish.</summary>
    public void Release(int count) => _release.Release(count);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        if (context.Step.Name == "throw") throw new InvalidOperationException("thrown on purpose");
        if (context.Step.Name == "fail") return StepResult.Failure("failed on purpose");
        var thread = Environment.CurrentManagedThreadId;
        RaiseTo(ref _maxRunning, Interlocked.Increment(ref _running));
        RaiseTo(ref _maxOnOneThread, _onThread.AddOrUpdate(thread, 1, (_, n) => n + 1));
        try
        {
            await _release.WaitAsync(context.CancellationToken);
        }
        finally
        {
            _onThread.AddOrUpdate(thread, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _running);
        }
        return StepResult.Success(Payload.OfText(context.ItemId));
    }

    /// <summary>A step of this kind.</summary>
    public static StepSpec Step(string name = "hold") => new(name, "hold", Payload.Empty, StepLimits.Default, "hold");

    private static void RaiseTo(ref int max, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref max)) < value && Interlocked.CompareExchange(ref max, value, seen) != seen) { }
    }
}
