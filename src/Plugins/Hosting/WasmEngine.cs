using System.Reflection;
using Wasmtime;

namespace PluginHost.Plugins.Hosting;

/// <summary>The node's one Wasmtime engine: epoch interruption driven by one ticker thread, the pooling allocator
/// sized from the runner count (or the default allocator when the pool cannot be reserved), a bounded wasm stack.</summary>
public sealed class WasmEngine : IDisposable
{
    /// <summary>Stack a thread needs beyond the max wasm stack for the host frames around a call (Wasmtime needs ~128 KiB).</summary>
    public const int StackMarginBytes = 1 << 20;

    private readonly Thread? _ticker;
    private readonly CancellationTokenSource _stop = new();
    private readonly WasmThreads _threads;

    /// <summary>The Wasmtime engine (shared by every store of the node).</summary>
    public Engine Engine { get; }

    /// <summary>The settings the engine was built from.</summary>
    public WasmEngineSettings Settings { get; }

    /// <summary>Whether the pooling allocator is in use.</summary>
    public bool Pooling { get; }

    /// <summary>Why the pooling allocator is not in use (null when it is, or was not asked for).</summary>
    public string? PoolingFallbackReason { get; }

    /// <summary>Stack size a thread running guest code must have: max wasm stack plus <see cref="StackMarginBytes"/>.</summary>
    public int RunnerThreadStackSize => Settings.MaxWasmStackBytes + StackMarginBytes;

    /// <summary>Version of the Wasmtime binding (part of the on-disk cache key).</summary>
    public static string WasmtimeVersion { get; } =
        typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Engine).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static readonly Lazy<WasmEngine> LazyShared = new(() => new WasmEngine(new WasmEngineSettings(Pooling: false)));

    /// <summary>A process-wide engine with default settings (default allocator), for hosts that are not a node
    /// (CLI commands, tests); a node builds its own from its settings.</summary>
    public static WasmEngine Shared => LazyShared.Value;

    /// <summary>Builds the engine and starts its epoch ticker.</summary>
    public WasmEngine(WasmEngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        _threads = new WasmThreads(RunnerThreadStackSize, "wasm-call");
        if (settings.Pooling && !AddressSpace.CanReserve(PoolReservation(settings)))
            PoolingFallbackReason = $"cannot reserve {PoolReservation(settings) >> 30} GiB of address space for {settings.Runners} runners";
        else if (settings.Pooling)
        {
            try
            {
                Engine = new Engine(BuildConfig(settings, pooling: true));
                Pooling = true;
            }
            catch (Exception e) when (e is WasmtimeException or InvalidOperationException or ArgumentException)
            {
                PoolingFallbackReason = e.Message;
            }
        }
        Engine ??= new Engine(BuildConfig(settings, pooling: false));
        if (!settings.Interruptible) return;
        _ticker = new Thread(Tick) { IsBackground = true, Name = "wasm-epoch-ticker" };
        _ticker.Start();
    }

    /// <summary>Epoch ticks covering <paramref name="limit"/> (at least 1): the deadline to give a store.</summary>
    public ulong TicksFor(TimeSpan limit)
    {
        if (limit <= TimeSpan.Zero) return 1;
        var ticks = Math.Ceiling(limit.Ticks / (double)Settings.Tick.Ticks);
        return ticks >= ulong.MaxValue / 2 ? ulong.MaxValue / 2 : Math.Max(1UL, (ulong)ticks);
    }

    /// <summary>Runs <paramref name="work"/> on a thread with <see cref="RunnerThreadStackSize"/> (a pooled one, reused
    /// across calls) and returns its result (rethrows its exception); inline when already on one.</summary>
    public T RunOnWasmThread<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _threads.Run(work);
    }

    /// <summary>Declares that the calling thread was started with <paramref name="stackSize"/> bytes of stack (e.g. a
    /// runner's own thread): <see cref="RunOnWasmThread{T}"/> of an engine needing no more runs inline on it.</summary>
    public static void AdoptCurrentThread(int stackSize) => WasmThreads.Adopt(stackSize);

    /// <summary>Address space the pool reserves, over-estimated: per instance a memory slot (4 GiB reservation or the
    /// max memory, plus guards) and a table; plus a quarter for what else Wasmtime keeps.</summary>
    private static ulong PoolReservation(WasmEngineSettings s)
    {
        var instances = (ulong)Instances(s);
        var slot = (ulong)Math.Max(4L << 30, s.MaxMemoryBytes) + (64UL << 20);
        var bytes = instances * (slot + TableElements * 8UL);
        return bytes + bytes / 4;
    }

    private const int TableElements = 1_000_000;

    private static uint Instances(WasmEngineSettings s) => (uint)Math.Min(100_000L, (long)s.Runners * WasmEngineSettings.InstancesPerRunner);

    private static Config BuildConfig(WasmEngineSettings s, bool pooling)
    {
        var config = new Config()
            .WithEpochInterruption(s.Interruptible)
            .WithFuelConsumption(s.Fuel)
            .WithMaximumStackSize(s.MaxWasmStackBytes)
            .WithOptimizationLevel(s.Optimization)
            .WithComponentModel(true)
            .WithBulkMemory(true)
            .WithMultiValue(true)
            .WithReferenceTypes(true)
            .WithSIMD(true);
        if (pooling)
        {
            var instances = Instances(s);
            var pool = new PoolingAllocationConfig()
                .WithTotalComponentInstances((uint)s.Runners * 2)
                .WithMaxCoreInstances(instances)
                .WithMaxMemories(instances)
                .WithMaxTables(instances)
                .WithMaxMemorySize((UIntPtr)(ulong)s.MaxMemoryBytes)
                .WithMaxTableElements(TableElements)
                .WithMaxCoreInstanceSize(1 << 20)
                .WithMaxComponentInstanceSize(1 << 20)
                .WithMaxMemoriesPerModule(1)
                .WithMaxTablesPerModule(4)
                .WithMaxUnusedWarmSlots(Math.Min(instances, 100));
            config.WithPoolingAllocationStrategy(pool);
        }
        return config;
    }

    private void Tick()
    {
        var tick = Settings.Tick;
        while (!_stop.Token.WaitHandle.WaitOne(tick)) Engine.IncrementEpoch();
    }

    /// <summary>Stops the ticker and releases the engine (after every store of the node is gone).</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _ticker?.Join();
        _stop.Dispose();
        Engine.Dispose();
    }
}
