using PluginHost.Actors.Runners;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Manifests.Icp;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Sync;

/// <summary>The "icp-project" step kind of cluster nodes (`pluginhost sync --server`): reads the project named by the
/// step's input, answers canister calls from its replies file (dry run; each call becomes a "call" output line), and
/// runs the step through the same <see cref="IcpStepAdapter"/> as an embedded sync.</summary>
public sealed class IcpProjectStepExecutor(HttpClient http) : IStepExecutor
{
    /// <summary>The kind of self-contained icp sync steps.</summary>
    public const string StepKind = "icp-project";

    /// <inheritdoc />
    public string Kind => StepKind;

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        IcpSyncContext ctx;
        RecordingGateway gateway;
        IcpProjectStepInput input;
        try
        {
            input = IcpProjectStepInput.Parse(context.Step.Input);
            var project = IcpManifestReader.ReadFile(Path.Combine(input.Project, "icp.yaml"));
            var env = project.Environments.FirstOrDefault(e => e.Name == input.Environment)
                ?? throw new IcpManifestException($"{project.File}: no environment `{input.Environment}`");
            ctx = new IcpSyncContext(project, env, "2vxsx-fae", input.Proxy, TimeSpan.FromSeconds(input.ComputeLimitSeconds));
            gateway = RecordingGateway.FromFile(input.Replies, call => context.Output("call",
                Payload.OfText($"{(call.IsQuery ? "query" : "update")} {call.CanisterId}.{call.Method} ({call.Arg.Length} bytes, {call.Cycles} cycles)")));
        }
        catch (Exception e) when (e is FormatException or IcpManifestException or SyncPluginException or IOException)
        {
            return StepResult.Failure($"step '{context.Step.Name}': {e.Message}");
        }
        var plugins = new IcpSyncStepExecutor(gateway, new RemotePluginCache(http, RemotePluginCache.DefaultDir));
        // The adapter picks plugin or script by the project's step; its kind name only labels it.
        var adapter = new IcpStepAdapter(StepKind, ctx, plugins, new IcpScriptStepExecutor(), new SyncRunLog());
        return await adapter.ExecuteAsync(context with { Step = context.Step with { Input = IcpStepAdapter.Input(input.Canister, input.Index) } });
    }
}
