using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>A test step kind "thread": records, per item, the thread the step started on, the threads it resumed on
/// after awaiting a durable checkpoint and a yield, and how much stack the step could use there.</summary>
public sealed class ThreadProbeExecutor : IStepExecutor
{
    private const int ChunkBytes = 32 * 1024;
    private const int MaxChunks = 1024; // 32 MiB: plenty for the probe, never an overflow (checked before each chunk)

    /// <summary>What one step saw.</summary>
    public sealed record Seen(string? StartThread, string? AfterCheckpoint, string? AfterYield, bool OnRunnerContext, long UsableStackBytes);

    /// <summary>What each item's step saw.</summary>
    public ConcurrentDictionary<string, Seen> Steps { get; } = new();

    /// <inheritdoc />
    public string Kind => "thread";

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        var start = Thread.CurrentThread.Name;
        await context.OutputDurableAsync("log", Payload.OfText("checkpoint"));
        var afterCheckpoint = Thread.CurrentThread.Name;
        await Task.Yield();
        var afterYield = Thread.CurrentThread.Name;
        var stack = (long)Probe(0) * ChunkBytes;
        Steps[context.ItemId] = new Seen(start, afterCheckpoint, afterYield, SynchronizationContext.Current is PluginHost.Actors.Runs.RunnerThread, stack);
        return StepResult.Success(Payload.Empty);
    }

    /// <summary>A step of this kind.</summary>
    public static StepSpec Step() => new("thread", "thread", Payload.Empty, StepLimits.Default, "thread");

    // Recurses, each frame holding a chunk of stack, while the runtime says enough stack is left; returns the depth.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Probe(int depth)
    {
        if (depth >= MaxChunks || !RuntimeHelpers.TryEnsureSufficientExecutionStack()) return depth;
        Span<byte> chunk = stackalloc byte[ChunkBytes];
        chunk[depth % ChunkBytes] = 1;
        return Probe(depth + 1) + chunk[(depth + 1) % ChunkBytes];
    }
}
