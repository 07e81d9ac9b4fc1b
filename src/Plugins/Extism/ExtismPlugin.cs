using PluginHost.Wasm;
using PluginHost.Wasm.Wasi;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Plugins.Extism;

/// <summary>One instantiated Extism plugin in its own store: call its exports with bytes in, bytes out.</summary>
/// <remarks>Not thread-safe (a store is single-threaded): one plugin per runner.</remarks>
public sealed class ExtismPlugin : IDisposable
{
    /// <summary>The import module of host functions offered to plugins.</summary>
    public const string UserModule = "extism:host/user";

    private readonly Store _store;
    private readonly Instance _instance;
    private readonly WasiContext _wasi;

    /// <summary>Instantiates a compiled plugin with the manifest's limits and the given host functions.</summary>
    public ExtismPlugin(Module module, ExtismManifest manifest, IEnumerable<ExtismHostFunction>? functions = null,
        HttpClient? http = null, WasiConfig? wasi = null, string? name = null)
    {
        Name = name ?? module.Name ?? "plugin";
        Manifest = manifest;
        Kernel = new ExtismKernel(manifest, http);
        _store = new Store(module.Engine, this);
        if (manifest.MaxMemoryPages is { } pages) _store.Limits = new StoreLimits { MaxMemoryBytes = pages * 65536L };
        _wasi = new WasiContext((wasi ?? new WasiConfig()) with { Preopens = Preopens(manifest) });
        var linker = new Linker(module.Engine);
        Kernel.AddToLinker(linker);
        _wasi.AddToLinker(linker);
        var current = new CurrentPlugin(Kernel.Memory, this);
        foreach (var f in functions ?? [])
            DefineUserFunction(linker, f, current);
        try
        {
            _instance = linker.Instantiate(_store, module);
        }
        catch (WasmLinkException e) when (UsesPre1Interface(module))
        {
            throw new ExtismCallException("instantiate",
                $"plugin '{Name}' uses the pre-1.0 Extism interface (imports env.extism_*), which is not supported", e);
        }
        catch (WasmLinkException e)
        {
            throw new ExtismCallException("instantiate", $"plugin '{Name}' cannot be linked: {e.Message}", e);
        }
        Initialize();
    }

    /// <summary>Plugin name used in messages.</summary>
    public string Name { get; }
    /// <summary>The manifest the plugin runs under.</summary>
    public ExtismManifest Manifest { get; }
    /// <summary>The kernel state (logs, vars, memory).</summary>
    public ExtismKernel Kernel { get; }
    /// <summary>The store the plugin lives in.</summary>
    public Store Store => _store;

    /// <summary>Whether the plugin exports a function with this name.</summary>
    public bool FunctionExists(string name) => _instance.GetFunction(name) is not null;

    /// <summary>Calls an export of type () -> i32 (or () -> ()) with input bytes; returns the output bytes or throws <see cref="ExtismCallException"/>.</summary>
    public byte[] Call(string function, ReadOnlySpan<byte> input)
    {
        var func = _instance.GetFunction(function)
            ?? throw new ExtismCallException(function, $"plugin '{Name}' has no export named '{function}'");
        if (func.Type.Params.Length != 0 || func.Type.Results.Length > 1 || func.Type.Results is [not ValueType.I32])
            throw new ExtismCallException(function, $"plugin '{Name}' export '{function}' has type {func.Type}, expected () -> (i32)");
        Kernel.BeginCall(input);
        int rc;
        if (Manifest.Timeout is { } timeout) _store.SetDeadline(timeout);
        try
        {
            var results = func.Invoke();
            rc = results.Length == 1 ? results[0].I32 : 0;
        }
        catch (WasmTrapException trap)
        {
            var message = trap.Kind switch
            {
                TrapKind.HostError => trap.Message,
                TrapKind.Interrupted => $"plugin '{Name}' exceeded its timeout of {Manifest.Timeout?.TotalSeconds:0.###} s",
                _ => $"plugin trapped: {trap.Message}",
            };
            throw new ExtismCallException(function, Kernel.Error ?? message, trap);
        }
        catch (WasiExitException exit)
        {
            rc = exit.ExitCode;
        }
        catch (Exception e) when (e is not ExtismCallException)
        {
            throw new ExtismCallException(function, $"plugin '{Name}' failed in '{function}': {e.Message}", e);
        }
        finally
        {
            if (Manifest.Timeout is not null) _store.SetDeadline(Timeout.InfiniteTimeSpan);
        }
        if (Kernel.Error is { } error) throw new ExtismCallException(function, error);
        if (rc != 0) throw new ExtismCallException(function, $"plugin '{Name}' returned non-zero exit code {rc}");
        return Kernel.TakeOutput();
    }

    private static bool UsesPre1Interface(Module module) =>
        module.Imports.Any(i => i.Module == "env" && i.Name.StartsWith("extism_", StringComparison.Ordinal));

    /// <summary>Releases files the plugin opened.</summary>
    public void Dispose() => _wasi.Dispose();

    private void Initialize()
    {
        var init = _instance.GetFunction("_initialize") ?? _instance.GetFunction("__wasm_call_ctors");
        if (init is null) return;
        try
        {
            init.Invoke();
        }
        catch (WasmTrapException trap)
        {
            throw new ExtismCallException("_initialize", $"plugin '{Name}' trapped during initialization: {trap.Message}", trap);
        }
    }

    private static IReadOnlyList<Preopen> Preopens(ExtismManifest manifest) =>
        manifest.AllowedPaths.Select(kv => kv.Key.StartsWith("ro:", StringComparison.Ordinal)
            ? new Preopen(kv.Key[3..], kv.Value, ReadOnly: true)
            : new Preopen(kv.Key, kv.Value, ReadOnly: false)).ToList();

    private static void DefineUserFunction(Linker linker, ExtismHostFunction f, CurrentPlugin current)
    {
        var parameters = Enumerable.Repeat(ValueType.I64, f.ParamCount).ToArray();
        var results = f.ReturnsHandle ? new[] { ValueType.I64 } : Array.Empty<ValueType>();
        linker.DefineFunction(UserModule, f.Name, new Wasm.Model.FuncType(parameters, results), (caller, args, output) =>
        {
            var inputs = new byte[args.Length][];
            for (var i = 0; i < args.Length; i++) inputs[i] = current.ReadBytes(args[i].I64);
            byte[]? result;
            try
            {
                result = f.Handler(current, inputs);
            }
            catch (Exception e) when (e is not WasmTrapException)
            {
                throw new WasmTrapException(TrapKind.HostError, $"host function {f.Name} failed: {e.Message}", e);
            }
            if (f.ReturnsHandle) output[0] = Value.FromI64(result is null ? 0 : current.WriteBytes(result));
        });
    }
}
