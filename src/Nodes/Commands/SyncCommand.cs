using System.CommandLine;
using PluginHost.Nodes.Client;
using PluginHost.Plugins.Icp;
using PluginHost.Nodes.Foreground;
using PluginHost.Nodes.Hosting;
using PluginHost.Nodes.Sync;
using PluginHost.Shared.Manifests.Icp;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost sync [CANISTER...] --project DIR --environment NAME [--proxy ID] [--dry-run]`: runs icp sync steps per canister.</summary>
/// <remarks>
/// Builds a RunSpec (one item per canister, its steps in order) and hands it to the coordinator's foreground runner;
/// the steps run through <see cref="IcpStepAdapter"/>. Kept stderr lines are printed after the run as `[canister] line`. --dry-run sends canister calls to a recording gateway
/// answered from the project's replies.json; there is no network gateway yet.
/// </remarks>
public static class SyncCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var canisters = new Argument<string[]>("CANISTER") { Description = "Canisters to sync (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var project = new Option<string>("--project") { Description = "Project directory holding icp.yaml", DefaultValueFactory = _ => "." };
        var environment = new Option<string>("--environment") { Description = "Environment name", Required = true };
        var proxy = new Option<string?>("--proxy") { Description = "Proxy canister for update calls with direct=false" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Record canister calls and answer them from replies.json" };
        var replies = new Option<string?>("--replies") { Description = "Replies file for --dry-run (default: PROJECT/replies.json)" };
        var server = new Option<string?>("--server")
        {
            Description = "Send the run to this cluster node (e.g. http://127.0.0.1:8080); the nodes must read the project and replies file at the same paths",
        };
        var node = new NodeCommandOptions();
        var command = new Command("sync", "Run the sync steps (plugins and scripts) of an icp project's canisters")
        {
            canisters, project, environment, proxy, dryRun, replies, server,
        };
        node.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(canisters) ?? [], parse.GetValue(project)!, parse.GetValue(environment)!, parse.GetValue(proxy),
            parse.GetValue(dryRun), parse.GetValue(replies), node.Read(parse), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct,
            parse.GetValue(server)));
        return command;
    }

    /// <summary>Runs the sync in an embedded node, or on the cluster node at <paramref name="server"/>; returns an exit code.</summary>
    public static async Task<int> RunAsync(string[] names, string projectDir, string environment, string? proxy, bool dryRun,
        string? repliesPath, NodeOptions nodeOptions, TextWriter output, TextWriter error, CancellationToken ct, string? server = null)
    {
        TimeSpan limit;
        IcpProject project;
        try
        {
            limit = ComputeLimit.FromEnvironment();          // rejected before any download
            project = IcpManifestReader.ReadFile(Path.Combine(projectDir, "icp.yaml"));
        }
        catch (Exception e) when (e is SyncPluginException or IcpManifestException)
        {
            error.WriteLine($"pluginhost sync: {e.Message}");
            return ExitCodes.Usage;
        }
        var env = project.Environments.FirstOrDefault(e => e.Name == environment);
        if (env is null)
        {
            error.WriteLine($"pluginhost sync: {project.File}: no environment `{environment}` (have: {string.Join(", ", project.Environments.Select(e => e.Name))})");
            return ExitCodes.Usage;
        }
        var selected = names.Length == 0 ? project.Canisters.ToList() : new List<IcpCanister>();
        foreach (var n in names)
        {
            var c = project.Canisters.FirstOrDefault(x => x.Name == n);
            if (c is null)
            {
                error.WriteLine($"pluginhost sync: {project.File}: no canister `{n}` (have: {string.Join(", ", project.Canisters.Select(x => x.Name))})");
                return ExitCodes.Usage;
            }
            selected.Add(c);
        }
        if (!dryRun)
        {
            error.WriteLine("pluginhost sync: only --dry-run is available (the network gateway is not implemented yet)");
            return ExitCodes.Usage;
        }
        var runId = $"sync-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        if (server is not null)
            return await RemoteAsync(server, runId, project, environment, selected, proxy, Path.GetFullPath(repliesPath ?? Path.Combine(project.Dir, "replies.json")),
                limit, output, error, ct);
        var journal = new object();
        RecordingGateway gateway;
        try
        {
            gateway = RecordingGateway.FromFile(repliesPath ?? Path.Combine(project.Dir, "replies.json"), call =>
            {
                lock (journal) output.WriteLine($"  call {(call.IsQuery ? "query" : "update")} {call.CanisterId}.{call.Method} ({call.Arg.Length} bytes, {call.Cycles} cycles)");
            });
        }
        catch (Exception e) when (e is SyncPluginException or IOException)
        {
            error.WriteLine($"pluginhost sync: {e.Message}");
            return ExitCodes.Usage;
        }
        var ctx = new IcpSyncContext(project, env, "2vxsx-fae", proxy, limit);
        var http = new HttpClient();
        var plugins = new IcpSyncStepExecutor(gateway, new RemotePluginCache(http, RemotePluginCache.DefaultDir));
        var scripts = new IcpScriptStepExecutor();
        var log = new SyncRunLog();
        var spec = new RunSpec(
            runId,
            "icp-sync",
            selected.Select(c => new WorkItemSpec(c.Name, c.Name, c.Steps.Select(step => step switch
            {
                IcpPluginStep p => new StepSpec($"plugin {p.Index}", p.Url ?? p.Path!, IcpStepAdapter.Input(c.Name, p.Index), StepLimits.Default, IcpStepAdapter.PluginKind),
                _ => new StepSpec($"script {step.Index}", "sh", IcpStepAdapter.Input(c.Name, step.Index), StepLimits.Default, IcpStepAdapter.ScriptKind),
            }).ToArray())).ToArray());
        await ForegroundRunner.RunAsync(nodeOptions, spec, output, error, (registry, _) => registry
            .Add(new IcpStepAdapter(IcpStepAdapter.PluginKind, ctx, plugins, scripts, log))
            .Add(new IcpStepAdapter(IcpStepAdapter.ScriptKind, ctx, plugins, scripts, log)), ct).ConfigureAwait(false);
        var failures = 0;
        foreach (var c in selected)
        {
            var failed = log.Failed(c.Name);
            foreach (var l in log.Lines(c.Name)) (failed ? error : output).WriteLine($"[{c.Name}] {l}");
            if (failed) failures++;
            else output.WriteLine($"[{c.Name}] synced ({c.Steps.Count} step(s))");
        }
        output.WriteLine(failures == 0 ? $"synced {selected.Count} canister(s)" : $"{failures} of {selected.Count} canister(s) failed");
        return failures == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    // Every step becomes a self-contained "icp-project" step naming the project, environment and replies file by
    // absolute path: the cluster's nodes must see them at the same paths (same machine or a shared volume).
    private static async Task<int> RemoteAsync(string server, string runId, IcpProject project, string environment, IReadOnlyList<IcpCanister> selected,
        string? proxy, string replies, TimeSpan limit, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!File.Exists(replies))
        {
            error.WriteLine($"pluginhost sync: replies file {replies} does not exist");
            return ExitCodes.Usage;
        }
        var projectDir = Path.GetFullPath(project.Dir);
        var spec = new RunSpec(runId, "icp-sync", selected.Select(c => new WorkItemSpec(c.Name, c.Name, c.Steps.Select(step => new StepSpec(
            step is IcpPluginStep p ? $"plugin {p.Index}" : $"script {step.Index}",
            step is IcpPluginStep plugin ? plugin.Url ?? plugin.Path! : "sh",
            new IcpProjectStepInput(projectDir, environment, c.Name, step.Index, replies, limit.TotalSeconds, proxy).ToPayload(),
            StepLimits.Default, IcpProjectStepExecutor.StepKind)).ToArray())).ToArray());
        var failed = await RemoteRun.SubmitAndFollowAsync(server, spec, output, error, ct, "sync");
        output.WriteLine(failed == 0 ? $"synced {selected.Count} canister(s)" : $"{failed} of {selected.Count} canister(s) failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }
}
