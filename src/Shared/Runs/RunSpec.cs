namespace PluginHost.Shared.Runs;

/// <summary>A run to execute: its id, its kind (e.g. "sync", "install") and its independent work items.</summary>
/// <param name="RunId">Unique id of the run.</param>
/// <param name="Kind">What the run does, e.g. "sync" or "install".</param>
/// <param name="Items">The work items, one per canister or tool.</param>
public sealed partial record RunSpec(string RunId, string Kind, IReadOnlyList<WorkItemSpec> Items)
{
    /// <summary>The spec with every relative plugin path made absolute against <paramref name="directory"/> (the spec file's folder).</summary>
    public RunSpec WithPluginPathsRelativeTo(string directory) => this with
    {
        Items = Items.Select(item => item with
        {
            Steps = item.Steps.Select(step => IsRelativePath(step.Plugin)
                ? step with { Plugin = Path.GetFullPath(Path.Combine(directory, step.Plugin)) }
                : step).ToList(),
        }).ToList(),
    };

    // A reference with a scheme (builtin:echo, sha256:ab, https://...) is not a path; neither is a rooted one.
    private static bool IsRelativePath(string plugin) =>
        plugin.Length > 0 && !Path.IsPathRooted(plugin) && !SchemePrefix().IsMatch(plugin);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]+:")]
    private static partial System.Text.RegularExpressions.Regex SchemePrefix();
}
