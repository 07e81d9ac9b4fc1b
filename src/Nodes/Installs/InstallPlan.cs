using PluginHost.Actors.Installs;
using PluginHost.Shared.Manifests;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Installs;

/// <summary>Builds the RunSpec of `pluginhost install`: one work item (one proto-install step) per selected tool.</summary>
public static class InstallPlan
{
    /// <summary>The tools to install as (tool, version or null): every pinned tool, or the TOOL[@VERSION] arguments
    /// (whose @VERSION overrides the pin); throws <see cref="PluginResolveException"/> for a tool the file does not know.</summary>
    public static IReadOnlyList<(string Tool, string? Version)> Select(ProtoToolsFile file, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            if (file.Tools.Count == 0) throw new PluginResolveException($"{file.FileName}: pins no tools (expected lines like node = \"20.1.0\")");
            return file.Tools.Select(t => (t.Tool, (string?)t.Version)).ToList();
        }
        var selected = new List<(string, string?)>();
        foreach (var arg in args)
        {
            var at = arg.IndexOf('@');
            var tool = at < 0 ? arg : arg[..at];
            var version = at < 0 ? file.VersionOf(tool) : arg[(at + 1)..];
            if (tool.Length == 0 || version is "") throw new PluginResolveException($"'{arg}' is not TOOL or TOOL@VERSION");
            if (file.PluginFor(tool) is null && file.VersionOf(tool) is null)
                throw new PluginResolveException($"{file.FileName}: tool '{tool}' is neither pinned nor has a [plugins] entry");
            if (selected.Any(s => s.Item1 == tool)) throw new PluginResolveException($"tool '{tool}' is given twice");
            selected.Add((tool, version));
        }
        return selected;
    }

    /// <summary>The run spec: item id = tool id, step "install" of kind proto-install with the plugin's local path.</summary>
    public static RunSpec Build(string runId, string protoToolsPath, string dataDir, string workspace, string workingDirectory, IReadOnlyList<string>? allowedHosts,
        IReadOnlyList<string>? allowedCommands, IReadOnlyList<(string Tool, string? Version, string PluginPath)> tools) =>
        new(runId, "install", tools.Select(t => new WorkItemSpec(t.Tool, t.Version is null ? t.Tool : $"{t.Tool}@{t.Version}", [
            new StepSpec("install", t.PluginPath, Payload.OfText(new ProtoInstallStepInput
            {
                Tool = t.Tool,
                Version = t.Version,
                ProtoTools = protoToolsPath,
                DataDir = dataDir,
                Workspace = workspace,
                WorkingDirectory = workingDirectory,
                AllowedHosts = allowedHosts,
                AllowedCommands = allowedCommands,
            }.ToJson()), new StepLimits(), ProtoInstallStepExecutor.StepKind),
        ])).ToList());
}
