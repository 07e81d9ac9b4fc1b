using System.Diagnostics;
using System.Text;
using Wasmtime;

namespace PluginHost.Plugins.Hosting.Wasi;

/// <summary>Runs a WASI preview1 command module on Wasmtime: a fresh store with the options' limits, WASI from
/// <see cref="Linker.DefineWasi"/>, guest code on a wasm thread. A trap, a runaway loop, a memory hog or runaway
/// recursion ends in a <see cref="WasiCommandResult"/> with one clear line; the store is disposed, never reused.</summary>
public static class WasiCommand
{
    /// <summary>The export a command runs.</summary>
    public const string StartExport = "_start";

    /// <summary>Instantiates <paramref name="module"/> and calls <c>_start</c>.</summary>
    public static WasiCommandResult Run(WasmEngine engine, Module module, WasiCommandOptions options) =>
        Run(engine, module, options, instance =>
        {
            var start = instance.GetAction(StartExport)
                ?? throw new WasiCommandException($"plugin '{options.Name}' exports no {StartExport} function: it is not a WASI command");
            start();
            return 0;
        });

    /// <summary>Instantiates <paramref name="module"/> and runs <paramref name="entry"/> on the instance (on the wasm
    /// thread); its return value is the exit code unless the guest calls proc_exit. A <see cref="WasiCommandException"/>
    /// it throws becomes an <see cref="PluginFailureKind.Other"/> failure with its message.</summary>
    public static WasiCommandResult Run(WasmEngine engine, Module module, WasiCommandOptions options, Func<Instance, int> entry)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(entry);
        var limits = new StepLimits(options.MemoryBytes ?? engine.Settings.MaxMemoryBytes, options.ComputeTime ?? Timeout.InfiniteTimeSpan, options.Fuel);
        var wasi = Configure(options);
        return engine.RunOnWasmThread(() =>
        {
            var watch = new Watch(options.ComputeTime, options.Cancellation);
            using var store = NewStore(engine, limits, watch, wasi);
            using var linker = new Linker(engine.Engine);
            linker.DefineWasi();
            Instance? instance = null;
            try
            {
                instance = linker.Instantiate(store, module);
                return WasiCommandResult.Exited(entry(instance));
            }
            catch (WasmtimeException e) when (e.ExitCode is { } exit)
            {
                return WasiCommandResult.Exited(exit);
            }
            catch (WasiCommandException e)
            {
                return new WasiCommandResult(null, PluginFailureKind.Other, e.Message);
            }
            catch (WasmtimeException e)
            {
                return Failed(e, watch, options, limits, (long?)instance?.GetMemory("memory")?.GetLength());
            }
        });
    }

    /// <summary>The command's store: its limits, the watch on every epoch tick (when the engine checks epochs) and WASI.</summary>
    internal static Store NewStore(WasmEngine engine, StepLimits limits, Watch watch, WasiConfiguration wasi)
    {
        var store = StepStore.Create(engine, limits);
        if (engine.Settings.Interruptible)
        {
            store.SetEpochDeadline(1);
            store.SetEpochDeadlineCallback(watch.OnEpoch);
        }
        store.SetWasiConfiguration(wasi);
        return store;
    }

    internal static WasiConfiguration Configure(WasiCommandOptions o)
    {
        var wasi = new WasiConfiguration().WithArgs(o.Args.ToArray());
        foreach (var (key, value) in o.Env) wasi.WithEnvironmentVariable(key, value);
        foreach (var p in o.Preopens) wasi.WithPreopenedDirectory(Path.GetFullPath(p.Host), p.Guest, mutable: !p.ReadOnly);
        if (o.StdinFile is { } stdin) wasi.WithStandardInput(stdin);
        else if (o.InheritStdio) wasi.WithInheritedStandardInput();
        if (o.Stdout is { } stdout) wasi.WithStandardOutputCallback(stdout);
        else if (o.InheritStdio) wasi.WithInheritedStandardOutput();
        if (o.Stderr is { } stderr) wasi.WithStandardErrorCallback(stderr);
        else if (o.InheritStdio) wasi.WithInheritedStandardError();
        return wasi;
    }

    internal static WasiCommandResult Failed(WasmtimeException e, Watch watch, WasiCommandOptions o, StepLimits limits, long? memory)
    {
        var trap = (e as TrapException)?.Type;
        var backtrace = Backtrace(e);
        if (watch.Cancelled)
            return new WasiCommandResult(null, PluginFailureKind.ComputeTime, $"plugin '{o.Name}' was cancelled", "Interrupt", backtrace, Cancelled: true);
        if (watch.TimedOut)
            return new WasiCommandResult(null, PluginFailureKind.ComputeTime,
                $"plugin '{o.Name}' exceeded its {PluginFailure.FormatSeconds(limits.ComputeTime)} compute-time limit", "Interrupt", backtrace);
        if (Missing(e.Message) is { } import)
            return new WasiCommandResult(null, PluginFailureKind.Other,
                $"plugin '{o.Name}' cannot be linked: it imports {import}, which this host does not provide");
        var kind = PluginFailure.Classify(e, limits, memory);
        var message = kind switch
        {
            PluginFailureKind.Fuel => $"plugin '{o.Name}' ran out of fuel ({limits.Fuel} units)",
            PluginFailureKind.Memory => $"plugin '{o.Name}' exceeded its memory limit of {PluginFailure.FormatBytes(limits.MemoryBytes)}",
            PluginFailureKind.Stack => $"plugin '{o.Name}' trapped: call stack exhausted (runaway recursion)",
            PluginFailureKind.Trap => $"plugin '{o.Name}' trapped: {PluginFailure.Reason(e)}",
            _ => $"plugin '{o.Name}' failed: {PluginFailure.Reason(e)}",
        };
        return new WasiCommandResult(null, kind, message, trap?.ToString() ?? (kind == PluginFailureKind.Stack ? "StackOverflow" : null), backtrace);
    }

    private static string? Backtrace(WasmtimeException e)
    {
        if (e.Frames is not { Count: > 0 } frames) return null;
        var sb = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var f = frames[i];
            sb.Append($"  {i,3}: {f.ModuleName ?? "<module>"}!{f.FunctionName ?? "<unnamed>"} (+0x{f.FunctionOffset:x})");
            if (i < frames.Count - 1) sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string? Missing(string message)
    {
        const string marker = "unknown import: `";
        var i = message.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0) return null;
        var end = message.IndexOf('`', i + marker.Length);
        return end < 0 ? null : message[(i + marker.Length)..end];
    }

    /// <summary>The epoch callback: stops the guest when cancelled or past its compute time, else grants one more tick.</summary>
    internal sealed class Watch(TimeSpan? limit, CancellationToken cancellation)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public bool Cancelled { get; private set; }
        public bool TimedOut { get; private set; }

        public ulong OnEpoch(Store store)
        {
            if (cancellation.IsCancellationRequested) Cancelled = true;
            else if (limit is { } l && _clock.Elapsed >= l) TimedOut = true;
            else return 1;
            throw new WasiInterruptedException();
        }
    }

    private sealed class WasiInterruptedException() : Exception("interrupted");
}

/// <summary>A WASI command cannot run (no <c>_start</c>, bad arguments for an export): one line for the user.</summary>
public sealed class WasiCommandException(string message) : Exception(message);
