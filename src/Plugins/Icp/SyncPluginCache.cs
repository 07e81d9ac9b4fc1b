using PluginHost.Wasm;

namespace PluginHost.Plugins.Icp;

/// <summary>The node's compiled sync plugins, keyed by the SHA-256 of their bytes: each distinct component is decoded,
/// validated and compiled once per process (even when many runners ask at once), before any compute limit runs.</summary>
public sealed class SyncPluginCache
{
    private readonly CompileOnceCache<SyncPlugin> _plugins = new();

    /// <summary>The engine components are compiled with.</summary>
    public Engine Engine { get; } = new();

    /// <summary>How many components were compiled (cache misses) so far.</summary>
    public int Compilations => _plugins.Compilations;

    /// <summary>The compiled plugin for these bytes, named <paramref name="name"/>; throws <see cref="SyncPluginException"/>
    /// for bytes that are not a sync plugin (and tries again on the next request).</summary>
    public SyncPlugin Get(byte[] bytes, string name) => _plugins.Get(bytes, b => SyncPlugin.Load(Engine, b, name)).Named(name);
}
