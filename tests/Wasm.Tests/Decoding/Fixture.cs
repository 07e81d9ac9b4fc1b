namespace PluginHost.Wasm.Tests.Decoding;

/// <summary>Locates committed test fixtures and the shared spec data relative to the repository root.</summary>
internal static class Fixture
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PluginHost.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("PluginHost.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(RepoRoot, "tests", "Wasm.Tests", "Decoding", "Fixtures", name));
}
