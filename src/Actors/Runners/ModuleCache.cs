using PluginHost.Plugins.Hosting;
using PluginHost.Wasm;

namespace PluginHost.Actors.Runners;

/// <summary>The node's compiled modules, keyed by the SHA-256 of their bytes: each distinct module compiles once,
/// even when many runners ask for it at the same time.</summary>
public sealed class ModuleCache
{
    private readonly CompileOnceCache<Module> _modules = new();

    /// <summary>Creates an empty cache compiling with <paramref name="engine"/>; Extism/proto plugins compile on
    /// <paramref name="plugins"/> (null: <see cref="WasmEngine.Shared"/>), persisted in <paramref name="compiledDirectory"/>
    /// when given.</summary>
    public ModuleCache(Engine engine, WasmEngine? plugins = null, string? compiledDirectory = null)
    {
        Engine = engine;
        PluginEngine = plugins ?? WasmEngine.Shared;
        Compiled = new CompiledPluginCache(PluginEngine, compiledDirectory);
    }

    /// <summary>The engine modules are compiled with.</summary>
    public Engine Engine { get; }

    /// <summary>The Wasmtime engine Extism/proto plugins run on.</summary>
    public WasmEngine PluginEngine { get; }

    /// <summary>Compiled Extism/proto plugins (Wasmtime), by content hash.</summary>
    public CompiledPluginCache Compiled { get; }

    /// <summary>The Wasmtime core module of a .wasm file (read each time, compiled once per content); throws
    /// <see cref="FileNotFoundException"/> when unreadable and <see cref="Wasmtime.WasmtimeException"/> when invalid.</summary>
    public async Task<Wasmtime.Module> GetPluginFromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
        return Compiled.GetModule(bytes, Path.GetFileName(path));
    }

    /// <summary>How many modules were compiled (cache misses) so far.</summary>
    public int Compilations => _modules.Compilations;

    /// <summary>Number of cached modules.</summary>
    public int Count => _modules.Count;

    /// <summary>Lowercase hex SHA-256 of module bytes: the cache key.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => CompileOnceCache<Module>.Hash(bytes);

    /// <summary>The compiled module for these bytes, compiling them on first use; throws
    /// <see cref="WasmModuleException"/> for invalid bytes (and retries on the next request).</summary>
    public Module Get(byte[] bytes, string? name = null) => _modules.Get(bytes, b => Module.FromBytes(Engine, b, name));

    /// <summary>The compiled module of a .wasm file (read each time, compiled once per content).</summary>
    public async Task<Module> GetFromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
        return Get(bytes, Path.GetFileName(path));
    }

    /// <summary>Like <see cref="GetFromFileAsync"/>, reading on the calling thread: for a runner's own thread, where an
    /// asynchronous read would only add a hop back to it.</summary>
    public Module GetFromFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
        return Get(bytes, Path.GetFileName(path));
    }

    private static FileNotFoundException Unreadable(string path, Exception e) =>
        new($"plugin '{path}' cannot be read: {e.Message}", path, e);
}
