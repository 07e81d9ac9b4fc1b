using PluginHost.Plugins.Hosting;
using Wasmtime.Components;

namespace PluginHost.Plugins.Icp;

/// <summary>Builds the one linker of a sync plugin component: WASI 0.2 (each store's configuration is the read-only
/// sandbox of <see cref="SyncPluginInstance"/>), the types-only `icp:sync-plugin/types@...` instance, `canister-call` at
/// the root (served by the exec running on the calling thread), and traps for every other import (e.g. `wasi:http`).</summary>
internal static class SyncPluginLinker
{
    [ThreadStatic] private static SyncPluginInstance? _current;

    /// <summary>The instance whose guest code runs on this thread (set around instantiate and exec).</summary>
    public static SyncPluginInstance? Current
    {
        get => _current;
        set => _current = value;
    }

    public static ComponentLinker Create(WasmEngine engine, Component component, string typesImport)
    {
        var linker = new ComponentLinker(engine.Engine);
        try
        {
            linker.AddWasiPreview2();
            using (var root = linker.Root())
            {
                root.AddInstance(typesImport).Dispose();
                root.DefineFunction("canister-call", (args, results) =>
                {
                    var instance = Current ?? throw new InvalidOperationException("canister-call outside of a sync plugin exec");
                    results[0] = instance.CanisterCall(args[0]);
                });
            }
            linker.DefineUnknownImportsAsTraps(component);
            return linker;
        }
        catch
        {
            linker.Dispose();
            throw;
        }
    }
}
