using System.Collections.Concurrent;
using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Actors.Runners;

/// <summary>The node's compiled Wasmtime modules, keyed by the SHA-256 of their bytes: each distinct module compiles
/// once, even when many runners ask for it at the same time (see <see cref="CompiledPluginCache"/>).</summary>
public sealed class ModuleCache
{
    // The module last read from each file, with the file's length and write time then: a step of an unchanged file
    // neither reads nor hashes it again (a 180 KiB module cost ~0.3 ms and a large-object allocation per step).
    private readonly ConcurrentDictionary<string, (FileStamp Stamp, Module Module)> _files = new(StringComparer.Ordinal);

    /// <summary>A cache compiling on <paramref name="engine"/> (null: <see cref="WasmEngine.Shared"/>), persisting
    /// compiled modules in <paramref name="compiledDirectory"/> when given.</summary>
    public ModuleCache(WasmEngine? engine = null, string? compiledDirectory = null)
    {
        Engine = engine ?? WasmEngine.Shared;
        Compiled = new CompiledPluginCache(Engine, compiledDirectory);
    }

    /// <summary>The Wasmtime engine modules are compiled for and run on.</summary>
    public WasmEngine Engine { get; }

    /// <summary>The compiled modules, by content hash.</summary>
    public CompiledPluginCache Compiled { get; }

    /// <summary>How many modules were compiled from wasm so far.</summary>
    public int Compilations => Compiled.Compilations;

    /// <summary>Number of cached modules.</summary>
    public int Count => Compiled.Count;

    /// <summary>Lowercase hex SHA-256 of module bytes: the cache key.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => CompiledPluginCache.Hash(bytes);

    /// <summary>The compiled module for these bytes, compiling them on first use; throws <see cref="WasmtimeException"/>
    /// for invalid bytes (and retries on the next request).</summary>
    public Module Get(byte[] bytes, string? name = null) => Compiled.GetModule(bytes, name ?? "plugin");

    /// <summary>The compiled module of a .wasm file (read again only when its length or write time changed, compiled
    /// once per content); throws <see cref="FileNotFoundException"/> when unreadable and <see cref="WasmtimeException"/> when invalid.</summary>
    public async Task<Module> GetFromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var stamp = FileStamp.Of(path);
        if (Known(path, stamp) is { } known) return known;
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
        return Remember(path, stamp, Get(bytes, Path.GetFileName(path)));
    }

    /// <summary>Like <see cref="GetFromFileAsync"/>, reading on the calling thread: for a runner's own thread, where an
    /// asynchronous read would only add a hop back to it.</summary>
    public Module GetFromFile(string path)
    {
        var stamp = FileStamp.Of(path);
        if (Known(path, stamp) is { } known) return known;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
        return Remember(path, stamp, Get(bytes, Path.GetFileName(path)));
    }

    // The stamp is taken before the read: a file changed during the read has another stamp by the next call.
    private Module? Known(string path, FileStamp? stamp) =>
        stamp is not null && _files.TryGetValue(Path.GetFullPath(path), out var known) && known.Stamp == stamp ? known.Module : null;

    // A file written within SourceIndex.RacyWindow of being read may change again without its stamp changing (the
    // clock's granularity): it is not remembered, so it is read again next time.
    private Module Remember(string path, FileStamp? stamp, Module module)
    {
        if (stamp is not null && DateTime.UtcNow - stamp.LastWriteUtc > SourceIndex.RacyWindow)
            _files[Path.GetFullPath(path)] = (stamp, module);
        return module;
    }

    private static FileNotFoundException Unreadable(string path, Exception e) =>
        new($"plugin '{path}' cannot be read: {e.Message}", path, e);
}
