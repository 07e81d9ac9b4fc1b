using PluginHost.Actors.Runners;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Manifests.Icp;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Sync;

/// <summary>Runs the icp sync steps of a sync run as coordinator steps (kinds `icp-plugin` and `icp-script`).</summary>
/// <remarks>A step's input is an <see cref="IcpStepInput"/>. stdout lines are reported as progress output, stderr lines are
/// kept per canister for printing after the run and journaled as "stderr" output. A plugin step's canister calls go
/// through a <see cref="JournaledGateway"/>: each answered call is journaled durably (stream "icp-call") before the
/// plugin sees the reply, and a retry of the step after a crash replays the calls journaled as done instead of
/// sending them again.</remarks>
public sealed class IcpStepAdapter : IStepExecutor
{
    /// <summary>Kind of plugin steps.</summary>
    public const string PluginKind = "icp-plugin";
    /// <summary>Kind of script steps.</summary>
    public const string ScriptKind = "icp-script";

    private readonly IcpSyncSessions _sessions;

    /// <summary>Creates the adapter for one kind over the node's sync sessions.</summary>
    public IcpStepAdapter(string kind, IcpSyncSessions sessions)
    {
        Kind = kind;
        _sessions = sessions;
    }

    /// <inheritdoc />
    public string Kind { get; }

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        var input = IcpStepInput.From(context.Step.Input);
        if (input is null) return StepResult.Failure($"step input is not an icp sync step: {context.Step.Input.Text}");
        var log = _sessions.Log;
        var key = SyncRunLog.Key(context.RunId, input.Canister);
        void Progress(string line) => context.Output("stdout", Payload.OfText(line));
        SyncOutcome outcome;
        JournaledGateway? gateway = null;
        try
        {
            var session = _sessions.Get(input);
            var project = session.Context.Project;
            var canister = project.Canisters.FirstOrDefault(c => c.Name == input.Canister);
            if (canister is null || input.Step < 0 || input.Step >= canister.Steps.Count)
                throw new SyncPluginException($"{project.File}: no sync step {input.Step} of canister `{input.Canister}` (the project changed since the run started?)");
            switch (canister.Steps[input.Step])
            {
                case IcpPluginStep p:
                    var earlier = context.EarlierOutputs.Where(o => o.Stream == JournaledCall.Stream).Select(o => JournaledCall.Parse(o.Data.Text ?? ""));
                    gateway = new JournaledGateway(session.Gateway, earlier,
                        call => context.OutputDurableAsync(JournaledCall.Stream, Payload.OfText(call.ToJson())));
                    outcome = await session.Plugins.RunAsync(session.Context, canister, p, Progress, context.CancellationToken, gateway);
                    break;
                case IcpScriptStep s:
                    outcome = await session.Scripts.RunAsync(session.Context, canister, s, Progress, context.CancellationToken);
                    break;
                default:
                    throw new SyncPluginException($"unknown step {canister.Steps[input.Step]}");
            }
        }
        catch (Exception e) when (e is SyncPluginException or IcpManifestException)
        {
            log.Fail(key); // the error is shown once, with the canister's outcome
            return StepResult.Failure(e.Message);
        }
        if (gateway?.Divergence is { } divergence && outcome.Succeeded) outcome = outcome with { Error = divergence };
        if (gateway is { Replayed: > 0 })
            context.Output("log", Payload.OfText($"{gateway.Replayed} canister call(s) answered from the journal, {gateway.Sent} sent"));
        log.Keep(key, outcome.StderrLines);
        if (!outcome.Succeeded) log.Fail(key); // the error is shown once, with the canister's outcome
        foreach (var line in outcome.StderrLines) context.Output("stderr", Payload.OfText(line));
        return outcome.Succeeded
            ? StepResult.Success(Payload.OfText(string.Join('\n', outcome.StderrLines)))
            : StepResult.Failure(outcome.Error!);
    }
}
