namespace PluginHost.Shared.Tests.Toml;

/// <summary>Locates the repository root (the folder holding PluginHost.sln) and the shared data beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path under ../shared relative to the repository root (or to the main checkout when run from a git worktree).</summary>
    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([SharedRoot(), .. parts]));

    private static string SharedRoot()
    {
        var beside = Path.Combine(Root, "..", "shared");
        if (Directory.Exists(beside)) return beside;
        // In a git worktree, .git is a file "gitdir: <main>/.git/worktrees/<name>"; shared/ sits beside <main>.
        var gitFile = Path.Combine(Root, ".git");
        if (File.Exists(gitFile))
        {
            var gitDir = File.ReadAllText(gitFile).Trim().Replace("gitdir:", "").Trim();
            var mainRoot = Path.GetFullPath(Path.Combine(gitDir, "..", "..", ".."));
            var mainShared = Path.Combine(mainRoot, "..", "shared");
            if (Directory.Exists(mainShared)) return mainShared;
        }
        return beside;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PluginHost.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"PluginHost.sln not found above {AppContext.BaseDirectory}");
    }
}
