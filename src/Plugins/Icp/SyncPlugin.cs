using PluginHost.Plugins.Hosting;
using Wasmtime;
using Wasmtime.Components;

namespace PluginHost.Plugins.Icp;

/// <summary>A compiled sync plugin (a Wasmtime component) with its world version; instantiated in a fresh store per exec.</summary>
public sealed class SyncPlugin
{
    private readonly Lazy<ComponentLinker> _linker;

    private SyncPlugin(string name, Component component, SyncWorldVersion version, string typesImport, WasmEngine engine,
        Lazy<ComponentLinker>? linker = null)
    {
        Name = name;
        Component = component;
        Version = version;
        TypesImport = typesImport;
        Engine = engine;
        _linker = linker ?? new Lazy<ComponentLinker>(() => SyncPluginLinker.Create(engine, component, typesImport));
    }

    /// <summary>Display name (path or url).</summary>
    public string Name { get; }
    /// <summary>The compiled component (owned by the <see cref="CompiledPluginCache"/>).</summary>
    public Component Component { get; }
    /// <summary>The world version read from its imports.</summary>
    public SyncWorldVersion Version { get; }
    /// <summary>The exact name of its `icp:sync-plugin/types@...` import (a types-only instance the host provides).</summary>
    public string TypesImport { get; }
    /// <summary>The engine it was compiled for.</summary>
    public WasmEngine Engine { get; }

    /// <summary>The linker of this component (sandboxed WASI 0.2, canister-call, traps for other imports), built once.</summary>
    internal ComponentLinker Linker => _linker.Value;

    /// <summary>The same compiled plugin under another display name.</summary>
    public SyncPlugin Named(string name) =>
        name == Name ? this : new SyncPlugin(name, Component, Version, TypesImport, Engine, _linker);

    /// <summary>Reads the version from the imports and compiles (or loads the compiled artifact of) the component through
    /// <paramref name="cache"/>; throws <see cref="SyncPluginException"/> naming the plugin.</summary>
    public static SyncPlugin Load(CompiledPluginCache cache, WasmEngine engine, byte[] bytes, string name) =>
        Load(cache, engine, bytes, CompiledPluginCache.Hash(bytes), name);

    /// <summary>As <see cref="Load(CompiledPluginCache, WasmEngine, byte[], string)"/>, for bytes whose SHA-256 the caller has computed.</summary>
    public static SyncPlugin Load(CompiledPluginCache cache, WasmEngine engine, byte[] bytes, string sha256, string name)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var imports = ComponentImports.Read(bytes, name);
        Component component;
        try
        {
            component = cache.GetComponent(bytes, sha256);
        }
        catch (WasmtimeException e)
        {
            throw new SyncPluginException($"{name}: invalid component: {FirstLine(e.Message)}");
        }
        return FromCompiled(engine, component, imports, name);
    }

    /// <summary>The plugin of an already compiled <paramref name="component"/> with these top-level imports; throws
    /// <see cref="SyncPluginException"/> when it is not a sync plugin.</summary>
    public static SyncPlugin FromCompiled(WasmEngine engine, Component component, IReadOnlyList<string> imports, string name)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(imports);
        var version = SyncWorldVersions.Detect(imports, name);
        var typesImport = imports.First(i => i.StartsWith(SyncWorldVersions.TypesPrefix, StringComparison.Ordinal));
        using (var exec = component.GetExport("exec"))
            if (exec is null) throw new SyncPluginException($"{name}: does not export `exec`");
        return new SyncPlugin(name, component, version, typesImport, engine);
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return (i < 0 ? s : s[..i]).Trim();
    }
}
