using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Loads the committed sync-plugin fixtures (tests/fixtures/icp) once per process.</summary>
internal static class IcpFixtures
{
    /// <summary>The fixtures' compiled plugins, kept beside the test binaries (the 12 MB JS ones compile for 8-10 s).</summary>
    public static readonly SyncPluginCache Plugins = new(directory: Path.Combine(AppContext.BaseDirectory, "compiled-fixtures"));

    public static string PathOf(string lang, string version) =>
        Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "icp", lang, $"plugin-{version}.wasm");

    public static SyncPlugin Load(string lang, string version)
    {
        var path = PathOf(lang, version);
        return Plugins.Get(File.ReadAllBytes(path), path);
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
