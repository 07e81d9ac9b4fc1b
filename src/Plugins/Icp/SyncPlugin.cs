using PluginHost.Wasm;
using PluginHost.Wasm.Components;

namespace PluginHost.Plugins.Icp;

/// <summary>A decoded and compiled sync plugin with its world version; instantiate once per run.</summary>
public sealed class SyncPlugin
{
    private SyncPlugin(string name, Component component, SyncWorldVersion version)
    {
        Name = name;
        Component = component;
        Version = version;
    }

    /// <summary>Display name (path or url).</summary>
    public string Name { get; }
    /// <summary>The compiled component.</summary>
    public Component Component { get; }
    /// <summary>The world version read from its imports.</summary>
    public SyncWorldVersion Version { get; }

    /// <summary>The exact name of its `icp:sync-plugin/types@...` import (a types-only instance the host provides).</summary>
    public string TypesImport => Component.Imports.First(i => i.Key.StartsWith(SyncWorldVersions.TypesPrefix, StringComparison.Ordinal)).Key;

    /// <summary>The same compiled plugin under another display name.</summary>
    public SyncPlugin Named(string name) => name == Name ? this : new SyncPlugin(name, Component, Version);

    /// <summary>Decodes a component and detects its version; throws <see cref="SyncPluginException"/> naming the plugin.</summary>
    public static SyncPlugin Load(Engine engine, byte[] bytes, string name)
    {
        var version = SyncWorldVersions.Detect(ComponentImports.Read(bytes, name), name);
        Component component;
        try
        {
            component = Component.FromBytes(engine, bytes);
        }
        catch (ComponentException e)
        {
            throw new SyncPluginException($"{name}: invalid component: {e.Message}");
        }
        if (!component.Exports.Any(e => e.Key == "exec"))
            throw new SyncPluginException($"{name}: does not export `exec`");
        return new SyncPlugin(name, component, version);
    }
}
