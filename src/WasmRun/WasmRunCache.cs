namespace PluginHost.WasmRun;

/// <summary>Where `pluginhost wasm run` keeps compiled modules between runs, as `wasmtime run` does: a per-user cache
/// directory, so a second run of the same module loads its artifact instead of compiling it again.</summary>
public static class WasmRunCache
{
    /// <summary>The default directory as shown in help.</summary>
    public const string DefaultDirectoryText = "$XDG_CACHE_HOME/pluginhost/compiled, else ~/.cache/pluginhost/compiled";

    /// <summary>$XDG_CACHE_HOME/pluginhost/compiled, else ~/.cache/pluginhost/compiled; null when neither is known.</summary>
    public static string? DefaultDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)
            ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache") : null;
        return root is null ? null : Path.Combine(root, "pluginhost", "compiled");
    }
}
