namespace PluginHost.Bench;

/// <summary>Locates the repository root: the folder holding PluginHost.sln.</summary>
public static class RepoRoot
{
    /// <summary>Walks up from the app's base directory (then the current directory) to the folder holding PluginHost.sln.</summary>
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PluginHost.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException($"PluginHost.sln not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}");
    }
}
