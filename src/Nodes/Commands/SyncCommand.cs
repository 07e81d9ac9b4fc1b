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
/// answered from the project's replies.json; otherwise calls go to --network (default: the environment's network) signed as --identity.
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
        var callsLog = new Option<string?>("--calls-log") { Description = "Append every canister call sent by --dry-run to this file as a JSON line" };
        var network = new Option<string?>("--network") { Description = "Network to call: `ic`, `local` or a URL (default: the environment's network)" };
        var identity = new Option<string?>("--identity") { Description = "icp-cli identity to sign calls with (default: icp-cli's default identity)" };
        var passwordFile = new Option<string?>("--identity-password-file")
        {
            Description = "File whose first line is the password of a password-protected identity (icp-cli `--storage password`)",
        };
        var server = new Option<string?>("--server")
        {
            Description = "Send the run to this cluster node (e.g. http://127.0.0.1:8080); the nodes must read the project and replies file at the same paths",
        };
        var node = new NodeCommandOptions();
        var command = new Command("sync", "Run the sync steps (plugins and scripts) of an icp project's canisters")
        {
            canisters, project, environment, proxy, dryRun, replies, callsLog, server, network, identity, passwordFile,
        };
        node.AddTo(command);
        command.SetAction((parse, ct) => LocalCommand.InvokeAsync("sync", parse, node, parse.InvocationConfiguration.Error, writes: parse.GetValue(server) is null, options => RunAsync(
            parse.GetValue(canisters) ?? [], parse.GetValue(project)!, parse.GetValue(environment)!, parse.GetValue(proxy),
            parse.GetValue(dryRun), parse.GetValue(replies), parse.GetValue(callsLog), options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct,
            parse.GetValue(server), parse.GetValue(network), parse.GetValue(identity), parse.GetValue(passwordFile))));
        return command;
    }

    /// <summary>Runs the sync in an embedded node, or on the cluster node at <paramref name="server"/> (the steps name the
    /// project, replies file and calls log by absolute path: the nodes must see them there); returns an exit code.</summary>
    public static async Task<int> RunAsync(string[] names, string projectDir, string environment, string? proxy, bool dryRun,
        string? repliesPath, string? callsLog, NodeOptions nodeOptions, TextWriter output, TextWriter error, CancellationToken ct, string? server = null,
        string? network = null, string? identity = null, string? identityPasswordFile = null)
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
        if (!dryRun) network ??= env.Network;
        using var plugins = SyncPluginCache.ForNode(nodeOptions.DataDirectory, nodeOptions.Runners,
            m => error.WriteLine($"pluginhost sync: warning: {m}"));
        var sessions = new IcpSyncSessions(output, new RemotePluginCache(new HttpClient(), RemotePluginCache.DefaultDir), plugins);
        var key = new IcpStepInput(Path.GetFullPath(project.Dir), env.Name, proxy,
            Path.GetFullPath(repliesPath ?? Path.Combine(project.Dir, "replies.json")),
            callsLog is null ? null : Path.GetFullPath(callsLog), (long)limit.TotalSeconds, "", 0, dryRun ? null : network, identity,
            identityPasswordFile is null ? null : Path.GetFullPath(identityPasswordFile));
        try
        {
            sessions.Get(key);   // the project and the replies file are read now: errors are usage errors
        }
        catch (Exception e) when (e is SyncPluginException or IcpManifestException or IOException)
        {
            error.WriteLine($"pluginhost sync: {e.Message}");
            return ExitCodes.Usage;
        }
        var spec = new RunSpec(
            $"sync-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}",
            "icp-sync",
            selected.Select(c => new WorkItemSpec(c.Name, c.Name, c.Steps.Select(step => step switch
            {
                IcpPluginStep p => new StepSpec($"plugin {p.Index}", p.Url ?? p.Path!, (key with { Canister = c.Name, Step = p.Index }).ToPayload(), StepLimits.Default, IcpStepAdapter.PluginKind),
                _ => new StepSpec($"script {step.Index}", "sh", (key with { Canister = c.Name, Step = step.Index }).ToPayload(), StepLimits.Default, IcpStepAdapter.ScriptKind),
            }).ToArray())).ToArray());
        if (server is not null)
        {
            var failed = await RemoteRun.SubmitAndFollowAsync(server, spec, output, error, ct, "sync");
            output.WriteLine(failed == 0 ? $"synced {selected.Count} canister(s)" : $"{failed} of {selected.Count} canister(s) failed");
            return ExitCodes.ForFailures(failed);
        }
        var result = await ForegroundRunner.RunAsync(nodeOptions, spec, output, error, (registry, _) => sessions.Register(registry), ct).ConfigureAwait(false);
        if (result.WasInterrupted) return result.ExitCode;
        var log = sessions.Log;
        var failures = 0;
        foreach (var c in selected)
        {
            var logKey = SyncRunLog.Key(spec.RunId, c.Name);
            var failed = log.Failed(logKey);
            foreach (var l in log.Lines(logKey)) (failed ? error : output).WriteLine($"[{c.Name}] {l}");
            if (failed)
            {
                failures++;
                error.WriteLine($"[{c.Name}] failed");
            }
            else output.WriteLine($"[{c.Name}] synced ({c.Steps.Count} step(s))");
        }
        output.WriteLine(failures == 0 ? $"synced {selected.Count} canister(s)" : $"{failures} of {selected.Count} canister(s) failed");
        return ExitCodes.ForFailures(failures);
    }
}
