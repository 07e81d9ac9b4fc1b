using System.CommandLine;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost sync [CANISTER...] --project DIR --environment NAME [--proxy ID] [--dry-run]`: runs icp sync steps per canister.</summary>
/// <remarks>
/// Canisters run in parallel (Parallel.ForEachAsync; the run coordinator's foreground runner replaces this when it lands),
/// each canister's steps in order, stopping at its first failure. --dry-run sends canister calls to a recording gateway
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
        var command = new Command("sync", "Run the sync steps (plugins and scripts) of an icp project's canisters")
        {
            canisters, project, environment, proxy, dryRun, replies,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(canisters) ?? [], parse.GetValue(project)!, parse.GetValue(environment)!, parse.GetValue(proxy),
            parse.GetValue(dryRun), parse.GetValue(replies), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    /// <summary>Runs the sync; returns an exit code.</summary>
    public static async Task<int> RunAsync(string[] names, string projectDir, string environment, string? proxy, bool dryRun,
        string? repliesPath, TextWriter output, TextWriter error, CancellationToken ct)
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
        var failures = 0;
        await Parallel.ForEachAsync(selected, ct, async (canister, token) =>
        {
            var (ok, lines) = await SyncOne(ctx, canister, plugins, scripts, token).ConfigureAwait(false);
            lock (journal)
            {
                foreach (var l in lines) (ok ? output : error).WriteLine(l);
                if (!ok) failures++;
            }
        }).ConfigureAwait(false);
        output.WriteLine(failures == 0 ? $"synced {selected.Count} canister(s)" : $"{failures} of {selected.Count} canister(s) failed");
        return failures == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static async Task<(bool Ok, List<string> Lines)> SyncOne(IcpSyncContext ctx, IcpCanister canister,
        IcpSyncStepExecutor plugins, IcpScriptStepExecutor scripts, CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var step in canister.Steps)
        {
            SyncOutcome outcome;
            try
            {
                outcome = step switch
                {
                    IcpPluginStep p => await plugins.RunAsync(ctx, canister, p, null, ct).ConfigureAwait(false),
                    IcpScriptStep s => await scripts.RunAsync(ctx, canister, s, null, ct).ConfigureAwait(false),
                    _ => throw new SyncPluginException($"unknown step {step}"),
                };
            }
            catch (Exception e) when (e is SyncPluginException or IcpManifestException)
            {
                lines.Add($"[{canister.Name}] error: {e.Message}");
                return (false, lines);
            }
            if (!outcome.Succeeded)
            {
                foreach (var l in outcome.StderrLines) lines.Add($"[{canister.Name}] {l}");
                lines.Add($"[{canister.Name}] sync step {step.Index} failed: {outcome.Error}");
                return (false, lines);
            }
            foreach (var l in outcome.StderrLines) lines.Add($"[{canister.Name}] {l}");
        }
        lines.Add($"[{canister.Name}] synced ({canister.Steps.Count} step(s))");
        return (true, lines);
    }
}
