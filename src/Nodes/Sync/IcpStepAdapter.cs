using PluginHost.Actors.Runners;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Manifests.Icp;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Sync;

/// <summary>Runs the icp sync steps of one `pluginhost sync` as coordinator steps (kinds `icp-plugin` and `icp-script`).</summary>
/// <remarks>A step's input text is "CANISTER\nINDEX" into the project read by the sync command; stderr lines are kept
/// per canister for printing after the run, stdout lines are reported as progress output.</remarks>
public sealed class IcpStepAdapter : IStepExecutor
{
    /// <summary>Kind of plugin steps.</summary>
    public const string PluginKind = "icp-plugin";
    /// <summary>Kind of script steps.</summary>
    public const string ScriptKind = "icp-script";

    private readonly IcpSyncContext _ctx;
    private readonly IcpSyncStepExecutor _plugins;
    private readonly IcpScriptStepExecutor _scripts;
    private readonly SyncRunLog _log;

    /// <summary>Creates the adapter for one kind; kept lines and failures go to <paramref name="log"/>.</summary>
    public IcpStepAdapter(string kind, IcpSyncContext ctx, IcpSyncStepExecutor plugins, IcpScriptStepExecutor scripts, SyncRunLog log)
    {
        Kind = kind;
        _log = log;
        _ctx = ctx;
        _plugins = plugins;
        _scripts = scripts;
    }

    /// <inheritdoc />
    public string Kind { get; }

    /// <summary>The step input naming a canister's step.</summary>
    public static Payload Input(string canister, int index) => Payload.OfText($"{canister}\n{index}");

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        var parts = (context.Step.Input.Text ?? "").Split('\n');
        var canister = _ctx.Project.Canisters.FirstOrDefault(c => c.Name == parts[0]);
        if (canister is null || parts.Length != 2 || !int.TryParse(parts[1], out var index) || index < 0 || index >= canister.Steps.Count)
            return StepResult.Failure($"no icp sync step `{context.Step.Input.Text}` in {_ctx.Project.File}");
        void Progress(string line) => context.Output("stdout", Payload.OfText(line));
        SyncOutcome outcome;
        try
        {
            outcome = canister.Steps[index] switch
            {
                IcpPluginStep p => await _plugins.RunAsync(_ctx, canister, p, Progress, context.CancellationToken),
                IcpScriptStep s => await _scripts.RunAsync(_ctx, canister, s, Progress, context.CancellationToken),
                var other => throw new SyncPluginException($"unknown step {other}"),
            };
        }
        catch (Exception e) when (e is SyncPluginException or IcpManifestException)
        {
            _log.Keep(canister.Name, [$"error: {e.Message}"]);
            _log.Fail(canister.Name);
            return StepResult.Failure(e.Message);
        }
        _log.Keep(canister.Name, outcome.StderrLines);
        if (!outcome.Succeeded)
        {
            _log.Keep(canister.Name, [$"sync step {index} failed: {outcome.Error}"]);
            _log.Fail(canister.Name);
        }
        foreach (var line in outcome.StderrLines) context.Output("stderr", Payload.OfText(line));
        return outcome.Succeeded
            ? StepResult.Success(Payload.OfText(string.Join('\n', outcome.StderrLines)))
            : StepResult.Failure(outcome.Error!);
    }
}
