using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Tests.TestSupport;
using PluginHost.Wasm;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Loads the committed sync-plugin fixtures (tests/fixtures/icp) once per process.</summary>
internal static class IcpFixtures
{
    private static readonly Engine Engine = new();
    private static readonly Dictionary<string, SyncPlugin> Cache = new();

    public static string PathOf(string lang, string version) =>
        Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "icp", lang, $"plugin-{version}.wasm");

    public static SyncPlugin Load(string lang, string version)
    {
        lock (Cache)
        {
            var path = PathOf(lang, version);
            if (!Cache.TryGetValue(path, out var p))
                Cache[path] = p = SyncPlugin.Load(Engine, File.ReadAllBytes(path), path);
            return p;
        }
    }

    public static SyncInvocation Invocation(string mode, string baseDir, Action<SyncInvocation>? _ = null) => new()
    {
        CanisterName = "backend",
        CanisterId = "bkyz2-fmaaa-aaaaa-qaaaq-cai",
        Environment = "local",
        BaseDir = baseDir,
        Files = [("mode", mode)],
        IdentityPrincipal = "2vxsx-fae",
        CanisterIds = [("backend", "bkyz2-fmaaa-aaaaa-qaaaq-cai"), ("ledger", "ryjl3-tyaaa-aaaaa-aaaba-cai")],
        DeclaredTargets = new Dictionary<string, string> { ["ledger"] = "ryjl3-tyaaa-aaaaa-aaaba-cai" },
    };
}
