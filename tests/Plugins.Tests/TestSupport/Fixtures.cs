namespace PluginHost.Plugins.Tests.TestSupport;

/// <summary>Locates committed fixtures by walking up to the folder holding PluginHost.sln.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> RepoRootPath = new(FindRepoRoot);

    public static string RepoRoot => RepoRootPath.Value;

    /// <summary>The outputs of tests/fixtures/archives/build.sh.</summary>
    public static string Archive(string name) => Path.Combine(RepoRoot, "tests", "fixtures", "archives", "out", name);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PluginHost.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PluginHost.sln not found above " + AppContext.BaseDirectory);
    }
}
