using PluginHost.Wasm.Components;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Wasm.Tests.Components;

/// <summary>Loads the committed components of tests/fixtures/components (rebuilt by its build.sh).</summary>
internal static class Fixtures
{
    public static readonly PluginHost.Wasm.Engine Engine = new();
    private static readonly Dictionary<string, Component> Cache = new();

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PluginHost.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("PluginHost.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PathOf(string name) => Path.Combine(RepoRoot, "tests", "fixtures", "components", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>A compiled fixture component (cached: compiling is the slow part).</summary>
    public static Component Load(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var c)) Cache[name] = c = Component.FromBytes(Engine, Bytes(name));
            return c;
        }
    }

    /// <summary>A linker with WASI 0.2 over the given context.</summary>
    public static ComponentLinker WasiLinker(Wasi2Context wasi)
    {
        var linker = new ComponentLinker(Engine);
        wasi.AddToLinker(linker);
        return linker;
    }
}
