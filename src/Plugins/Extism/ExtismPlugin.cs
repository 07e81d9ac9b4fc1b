using System.Diagnostics;
using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Plugins.Extism;

/// <summary>One instantiated Extism plugin in its own Wasmtime store: call its exports with bytes in, bytes out.</summary>
/// <remarks>Not thread-safe (a store is single-threaded): one plugin per runner. Guest code always runs on a thread
/// with the engine's stack (see <see cref="WasmEngine.RunOnWasmThread{T}"/>).</remarks>
public sealed class ExtismPlugin : IDisposable
{
    /// <summary>The import module of host functions offered to plugins.</summary>
    public const string UserModule = "extism:host/user";

    private readonly WasmEngine _engine;
    private readonly Store _store;
    private readonly Instance _instance;
    private readonly Memory? _memory;
    private readonly long _budget;
    private long _baseline;
    private readonly Stopwatch _clock = new();
    private TimeSpan? _callTimeout;
    private CancellationToken _cancellation;

    /// <summary>Instantiates a compiled plugin with the manifest's limits and the given host functions; each of
    /// <paramref name="linked"/> is instantiated first (same kernel, same store) and its exports satisfy the plugin's
    /// imports from the module of its name, as in an Extism manifest with several wasm entries.</summary>
    public ExtismPlugin(WasmEngine engine, Module module, ExtismManifest manifest, IEnumerable<ExtismHostFunction>? functions = null,
        HttpClient? http = null, string? name = null, IReadOnlyList<(string Name, Module Module)>? linked = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(manifest);
        _engine = engine;
        Name = name ?? module.Name ?? "plugin";
        Manifest = manifest;
        Kernel = new ExtismKernel(manifest, http);
        if (UsesPre1Interface(module))
            throw new ExtismCallException("instantiate",
                $"plugin '{Name}' uses the pre-1.0 Extism interface (imports env.extism_*), which is not supported");
        // Extism counts memory grown after instantiation (plugin and kernel together); the store's absolute cap is the
        // engine's, raised to baseline + budget once the plugin is instantiated.
        _budget = manifest.MaxMemoryPages is { } pages ? pages * 65536L : engine.Settings.MaxMemoryBytes;
        _store = StepStore.Create(engine, new StepLimits(engine.Settings.MaxMemoryBytes, Timeout.InfiniteTimeSpan));
        _store.SetEpochDeadline(1);
        _store.SetEpochDeadlineCallback(OnEpoch);
        using var linker = new Linker(engine.Engine);
        Kernel.AddToLinker(linker);
        var current = new CurrentPlugin(Kernel.Memory, this);
        foreach (var f in functions ?? [])
            DefineUserFunction(linker, f, current);
        var wasi = new WasiConfiguration();
        foreach (var (host, guest) in manifest.AllowedPaths)
            wasi.WithPreopenedDirectory(host.StartsWith("ro:", StringComparison.Ordinal) ? host[3..] : host, guest,
                mutable: !host.StartsWith("ro:", StringComparison.Ordinal));
        _store.SetWasiConfiguration(wasi);
        linker.DefineWasi();
        try
        {
            _instance = engine.RunOnWasmThread(() =>
            {
                foreach (var (moduleName, dependency) in linked ?? [])
                {
                    var dependencyInstance = linker.Instantiate(_store, dependency);
                    (dependencyInstance.GetAction("_initialize") ?? dependencyInstance.GetAction("__wasm_call_ctors"))?.Invoke();
                    linker.DefineInstance(_store, moduleName, dependencyInstance);
                }
                var instance = linker.Instantiate(_store, module);
                (instance.GetAction("_initialize") ?? instance.GetAction("__wasm_call_ctors"))?.Invoke();
                return instance;
            });
        }
        catch (Exception e) when (e is WasmtimeException)
        {
            _store.Dispose();
            var message = Missing(e.Message) is { } import
                ? $"plugin '{Name}' cannot be linked: it imports {import}, which this host does not provide"
                : $"plugin '{Name}' cannot be instantiated: {PluginFailure.Reason(e)}";
            throw new ExtismCallException("instantiate", message, e);
        }
        _memory = _instance.GetMemory("memory");
        _baseline = _memory?.GetLength() ?? 0;
        Kernel.MayAllocate = kernelBytes => kernelBytes + Grown() <= _budget;
        if (manifest.MaxMemoryPages is not null)
            _store.SetLimits(memorySize: Math.Min(_baseline + _budget, engine.Settings.MaxMemoryBytes), null, null, null, null);
    }

    /// <summary>Plugin name used in messages.</summary>
    public string Name { get; }
    /// <summary>The manifest the plugin runs under.</summary>
    public ExtismManifest Manifest { get; }
    /// <summary>The kernel state (logs, vars, memory).</summary>
    public ExtismKernel Kernel { get; }

    /// <summary>Whether the plugin exports a function with this name.</summary>
    public bool FunctionExists(string name) => _instance.GetFunction(name) is not null;

    /// <summary>Calls an export of type () -> i32 (or () -> ()) with input bytes and the manifest's timeout.</summary>
    public byte[] Call(string function, ReadOnlySpan<byte> input) => Call(function, input, Manifest.Timeout);

    /// <summary>Calls an export with input bytes, interrupted (at the next epoch tick) after <paramref name="timeout"/>
    /// (null: none) or when <paramref name="cancellationToken"/> fires; returns the output bytes or throws
    /// <see cref="ExtismCallException"/>.</summary>
    public byte[] Call(string function, ReadOnlySpan<byte> input, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        var func = _instance.GetFunction(function)
            ?? throw new ExtismCallException(function, $"plugin '{Name}' has no export named '{function}'");
        if (func.Parameters.Count != 0 || func.Results.Count > 1 || (func.Results.Count == 1 && func.Results[0] != ValueKind.Int32))
            throw new ExtismCallException(function, $"plugin '{Name}' export '{function}' has the wrong type: expected () -> (i32)");
        Kernel.BeginCall(input);
        if (Manifest.MaxMemoryPages is not null && Kernel.Memory.Size + Grown() > _budget)
            throw new ExtismCallException(function, OutOfMemoryMessage());
        _cancellation = cancellationToken;
        _callTimeout = timeout;
        _clock.Restart();
        int rc;
        try
        {
            rc = _engine.RunOnWasmThread(() =>
            {
                _store.SetEpochDeadline(1);
                var result = func.Invoke();
                return result is int code ? code : 0;
            });
        }
        catch (WasmtimeException e) when (e.ExitCode is { } exit)
        {
            rc = exit;
        }
        catch (Exception e) when (e is WasmtimeException or ExtismHostException)
        {
            throw new ExtismCallException(function, Describe(e), e);
        }
        finally
        {
            _callTimeout = null;
            _cancellation = default;
            _clock.Stop();
        }
        if (Kernel.Error is { } error) throw new ExtismCallException(function, error);
        if (rc != 0) throw new ExtismCallException(function, $"plugin '{Name}' returned non-zero exit code {rc}");
        return Kernel.TakeOutput();
    }

    /// <summary>Whether a failed call was interrupted (timeout or cancellation).</summary>
    public static bool WasInterrupted(ExtismCallException e) => Find<ExtismInterrupt>(e) is not null;

    private string Describe(Exception e)
    {
        if (Find<ExtismInterrupt>(e) is { } interrupt)
            return interrupt.Cancelled ? $"plugin '{Name}' was cancelled" : $"plugin '{Name}' exceeded its timeout of {PluginFailure.FormatSeconds(interrupt.Timeout)}";
        if (Kernel.OutOfMemory) return OutOfMemoryMessage(); // what the plugin did with the refused allocation follows from it
        if (Find<ExtismHostException>(e) is { } host) return host.Message;
        if (Kernel.Error is { } error) return error;
        if (Find<ExtismCallException>(e) is { } nested) return nested.PluginMessage;
        if ((Manifest.MaxMemoryPages is not null && Grown() + Kernel.Memory.Size + (1 << 16) > _budget))
            return OutOfMemoryMessage();
        var trap = e as TrapException ?? Find<TrapException>(e);
        if (trap?.Type == TrapCode.StackOverflow) return $"plugin '{Name}' exhausted its call stack (runaway recursion)";
        if (Find<Exception>(e, skipWasmtime: true) is { } inner) return $"plugin '{Name}' failed: {FirstLine(inner.Message)}";
        return $"plugin trapped: {PluginFailure.Reason(e)}";
    }

    private string OutOfMemoryMessage() =>
        $"plugin '{Name}' ran out of memory (oom): its limit is {Manifest.MaxMemoryPages} pages of 64 KiB grown after instantiation";

    private long Grown() => Math.Max(0, (_memory?.GetLength() ?? 0) - _baseline);

    private ulong OnEpoch(Store store)
    {
        if (_cancellation.IsCancellationRequested) throw new ExtismInterrupt(true, TimeSpan.Zero);
        if (_callTimeout is { } limit && _clock.Elapsed >= limit) throw new ExtismInterrupt(false, limit);
        return 1;
    }

    private static T? Find<T>(Exception e, bool skipWasmtime = false) where T : Exception
    {
        for (var x = e.InnerException; x is not null; x = x.InnerException)
            if (x is T t && !(skipWasmtime && x is WasmtimeException)) return t;
        return e is T self && !skipWasmtime ? self : null;
    }

    private static string? Missing(string message)
    {
        const string marker = "unknown import: `";
        var i = message.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0) return null;
        var end = message.IndexOf('`', i + marker.Length);
        return end < 0 ? null : message[(i + marker.Length)..end];
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return (i < 0 ? s : s[..i]).Trim();
    }

    private static bool UsesPre1Interface(Module module) =>
        module.Imports.Any(i => i.ModuleName == "env" && i.Name.StartsWith("extism_", StringComparison.Ordinal));

    /// <summary>Releases the store (memory, files the plugin opened).</summary>
    public void Dispose() => _store.Dispose();

    private static void DefineUserFunction(Linker linker, ExtismHostFunction f, CurrentPlugin current)
    {
        var parameters = Enumerable.Repeat(ValueKind.Int64, f.ParamCount).ToArray();
        var results = f.ReturnsHandle ? new[] { ValueKind.Int64 } : Array.Empty<ValueKind>();
        linker.DefineFunction(UserModule, f.Name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> output) =>
        {
            var inputs = new byte[args.Length][];
            for (var i = 0; i < args.Length; i++) inputs[i] = current.ReadBytes(args[i].AsInt64());
            byte[]? result;
            try
            {
                result = f.Handler(current, inputs);
            }
            catch (Exception e) when (e is not ExtismHostException)
            {
                throw new ExtismHostException($"host function {f.Name} failed: {e.Message}", e);
            }
            if (f.ReturnsHandle) output[0] = result is null ? 0L : current.WriteBytes(result);
        }, parameters, results);
    }

    /// <summary>Thrown from the epoch callback to stop a call.</summary>
    private sealed class ExtismInterrupt(bool cancelled, TimeSpan timeout) : Exception("interrupted")
    {
        public bool Cancelled { get; } = cancelled;
        public TimeSpan Timeout { get; } = timeout;
    }
}
