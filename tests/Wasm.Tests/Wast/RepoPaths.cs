namespace PluginHost.Wasm.Tests.Wast;

/// <summary>Paths of the repository and of the shared spec suite beside it.</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding PluginHost.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/wasm-spec relative to the repository root (or beside a further ancestor, for git worktrees nested deeper).</summary>
    public static string SpecSuite { get; } = FindShared("wasm-spec");

    private static string FindShared(string name)
    {
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", name);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"shared/{name} not found beside {Root} or any folder above it");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PluginHost.sln"))) return dir.FullName;
        throw new InvalidOperationException($"PluginHost.sln not found above {AppContext.BaseDirectory}");
    }
}
