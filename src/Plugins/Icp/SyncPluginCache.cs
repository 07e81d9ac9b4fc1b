using PluginHost.Plugins.Hosting;

namespace PluginHost.Plugins.Icp;

/// <summary>The node's compiled sync plugins: each distinct component is compiled once per process (even when many
/// runners ask at once) and kept on disk as a serialized Wasmtime artifact, before any compute limit runs.</summary>
public sealed class SyncPluginCache : IDisposable
{
    private readonly CompiledPluginCache _compiled;
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
        var key = CompiledPluginCache.Hash(bytes);
        lock (_plugins)
            if (_plugins.TryGetValue(key, out var known)) return known.Named(name);
        var plugin = SyncPlugin.Load(_compiled, Engine, bytes, name);
        lock (_plugins)
            if (!_plugins.TryAdd(key, plugin)) plugin = _plugins[key];
        return plugin.Named(name);
    }

    /// <summary>Releases the compiled plugins (and the engine when it is this cache's own).</summary>
    public void Dispose()
    {
        _compiled.Dispose();
        if (_ownsEngine) Engine.Dispose();
    }
}
