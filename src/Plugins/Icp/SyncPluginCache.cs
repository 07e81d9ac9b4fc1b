using PluginHost.Plugins.Hosting;

namespace PluginHost.Plugins.Icp;

/// <summary>The node's compiled sync plugins: each distinct component is compiled once per process (even when many
/// runners ask at once) and kept on disk as a serialized Wasmtime artifact, before any compute limit runs.</summary>
public sealed class SyncPluginCache : IDisposable
{
    private readonly CompiledPluginCache _compiled;
    private readonly SourceIndex? _sources;
    private bool _ownsEngine;
    private readonly Dictionary<string, SyncPlugin> _plugins = new(StringComparer.Ordinal);

    /// <summary>A cache on <paramref name="engine"/> (a new engine of its own when null), persisting compiled plugins
    /// into <paramref name="directory"/> (null = memory only); <paramref name="warn"/> gets the one warning about an
    /// unusable directory.</summary>
    public SyncPluginCache(WasmEngine? engine = null, string? directory = null, Action<string>? warn = null)
    {
        _ownsEngine = engine is null;
        Engine = engine ?? new WasmEngine(new WasmEngineSettings());
        _compiled = new CompiledPluginCache(Engine, directory, warn);
        _sources = _compiled.Directory is { } dir ? new SourceIndex(Path.Combine(dir, "sources")) : null;
    }

    /// <summary>The directory under a node's data directory where compiled plugins are kept.</summary>
    public static string DirectoryIn(string dataDirectory) => Path.Combine(dataDirectory, "compiled");

    /// <summary>The cache of a node: an engine of its own sized for <paramref name="runners"/> (one per processor when
    /// null), artifacts kept in <see cref="DirectoryIn"/> of <paramref name="dataDirectory"/>.</summary>
    public static SyncPluginCache ForNode(string dataDirectory, int? runners, Action<string>? warn = null)
    {
        var engine = new WasmEngine(new WasmEngineSettings(Runners: Math.Max(1, runners ?? Environment.ProcessorCount)));
        var cache = new SyncPluginCache(engine, DirectoryIn(dataDirectory), warn);
        cache._ownsEngine = true;
        return cache;
    }

    /// <summary>The engine components are compiled for and run on.</summary>
    public WasmEngine Engine { get; }

    /// <summary>How many components were compiled from wasm so far.</summary>
    public int Compilations => _compiled.Compilations;

    /// <summary>How many components were loaded from an on-disk artifact so far.</summary>
    public int DiskHits => _compiled.DiskHits;

    /// <summary>The compiled plugin for these bytes, named <paramref name="name"/>; throws <see cref="SyncPluginException"/>
    /// for bytes that are not a sync plugin (and tries again on the next request).</summary>
    public SyncPlugin Get(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Get(bytes, CompiledPluginCache.Hash(bytes), name);
    }

    /// <summary>The compiled plugin in the file at <paramref name="path"/>, named <paramref name="name"/>. With an on-disk
    /// cache, an unchanged file whose artifact is there is neither read nor hashed (<see cref="SourceIndex"/>); throws
    /// <see cref="SyncPluginException"/> when the file is not a sync plugin or its SHA-256 is not <paramref name="expectedSha256"/>
    /// (when given), and what reading it throws.</summary>
    public SyncPlugin GetFile(string path, string name, string? expectedSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var (sha, bytes) = _sources?.Hash(full) ?? Read(full);
        Check(full, sha, expectedSha256);
        if (Known(sha) is { } known) return known.Named(name);
        if (bytes is null && _compiled.FindComponent(sha) is { } component)
            return Add(sha, SyncPlugin.FromCompiled(Engine, component, ComponentImports.ReadFile(full, name), name)).Named(name);
        if (bytes is null)
        {
            (sha, bytes) = Read(full);   // no artifact yet: compile from the bytes as read now
            Check(full, sha, expectedSha256);
        }
        return Get(bytes, sha, name);
    }

    private static void Check(string full, string sha, string? expected)
    {
        if (expected is not null && !string.Equals(sha, expected, StringComparison.OrdinalIgnoreCase))
            throw new SyncPluginException($"{full}: sha256 mismatch (expected {expected})");
    }

    private static (string Sha256, byte[] Bytes) Read(string full)
    {
        var bytes = File.ReadAllBytes(full);
        return (CompiledPluginCache.Hash(bytes), bytes);
    }

    private SyncPlugin Get(byte[] bytes, string sha, string name)
    {
        if (Known(sha) is { } known) return known.Named(name);
        return Add(sha, SyncPlugin.Load(_compiled, Engine, bytes, sha, name)).Named(name);
    }

    private SyncPlugin? Known(string sha)
    {
        lock (_plugins)
            return _plugins.GetValueOrDefault(sha);
    }

    private SyncPlugin Add(string sha, SyncPlugin plugin)
    {
        lock (_plugins)
            return _plugins.TryAdd(sha, plugin) ? plugin : _plugins[sha];
    }

    /// <summary>Releases the compiled plugins (and the engine when it is this cache's own).</summary>
    public void Dispose()
    {
        _compiled.Dispose();
        if (_ownsEngine) Engine.Dispose();
    }
}
