using System.Collections.Concurrent;
using System.Security.Cryptography;
using PluginHost.Wasm;

namespace PluginHost.Plugins.Icp;

/// <summary>The node's compiled sync plugins, keyed by the SHA-256 of their bytes: each distinct component is decoded,
/// validated and compiled once per process (even when many runners ask at once), before any compute limit runs.</summary>
public sealed class SyncPluginCache
{
    private readonly ConcurrentDictionary<string, Lazy<SyncPlugin>> _plugins = new(StringComparer.Ordinal);
    private int _compilations;

    /// <summary>The engine components are compiled with.</summary>
    public Engine Engine { get; } = new();

    /// <summary>How many components were compiled (cache misses) so far.</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    /// <summary>The compiled plugin for these bytes, named <paramref name="name"/>; throws <see cref="SyncPluginException"/>
    /// for bytes that are not a sync plugin (and tries again on the next request).</summary>
    public SyncPlugin Get(byte[] bytes, string name)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var lazy = _plugins.GetOrAdd(key, _ => new Lazy<SyncPlugin>(() =>
        {
            Interlocked.Increment(ref _compilations);
            return SyncPlugin.Load(Engine, bytes, name);
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value.Named(name);
        }
        catch
        {
            _plugins.TryRemove(new KeyValuePair<string, Lazy<SyncPlugin>>(key, lazy));
            throw;
        }
    }
}
