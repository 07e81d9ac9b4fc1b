using System.Text.RegularExpressions;
using PluginHost.Plugins.Hosting;
using Wasmtime;
using Wasmtime.Components;

namespace PluginHost.Plugins.Icp;

/// <summary>Runs a sync plugin's <c>exec</c> for one canister: builds the input, links canister-call and sandboxed WASI 0.2.</summary>
public sealed partial class SyncPluginHost
{
    private readonly ICanisterGateway _gateway;

    /// <summary>Creates a host whose canister calls go through <paramref name="gateway"/>.</summary>
    public SyncPluginHost(ICanisterGateway gateway) => _gateway = gateway;

    /// <summary>Runs the plugin in a fresh store on a thread of its own (sized for the engine's wasm stack); stdout lines
    /// go to <paramref name="progress"/> as they come.</summary>
    /// <remarks>Traps, the compute and memory limits and stack exhaustion become a failed <see cref="SyncOutcome"/>;
    /// cancellation stops the guest. The plugin is compiled before (<see cref="SyncPluginCache"/>): the compute limit
    /// covers only instantiation and exec.</remarks>
    public Task<SyncOutcome> RunAsync(SyncPlugin plugin, SyncInvocation inv, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var done = new TaskCompletionSource<SyncOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { done.SetResult(Run(plugin, inv, progress, cancellationToken)); }
            catch (Exception e) { done.SetException(e); }
        }, plugin.Engine.RunnerThreadStackSize) { IsBackground = true, Name = "icp-sync-plugin" };
        thread.Start();
        return done.Task;
    }

    private SyncOutcome Run(SyncPlugin plugin, SyncInvocation inv, Action<string>? progress, CancellationToken cancellationToken)
    {
        var stdoutLines = new List<string>();
        var stderrLines = new List<string>();
        var stdout = new OutputLines("stdout", line => { lock (stdoutLines) stdoutLines.Add(line); progress?.Invoke(line); });
        var stderr = new OutputLines("stderr", line => { lock (stderrLines) stderrLines.Add(line); });
        string? error;
        var calls = 0;
        SyncPluginInstance? instance = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            instance = new SyncPluginInstance(plugin, inv, _gateway, b => stdout.Write(b), b => stderr.Write(b), cancellationToken);
            error = instance.Exec();
        }
        catch (Exception e) when (e is WasmtimeException or OperationCanceledException)
        {
            error = Describe(e, plugin, instance?.Limits ?? Limits(plugin, inv), cancellationToken);
        }
        finally
        {
            calls = instance?.Calls ?? 0;
            instance?.Dispose();
        }
        stdout.Complete();
        stderr.Complete();
        return new SyncOutcome(error, stderrLines, stdoutLines, calls);
    }

    private static StepLimits Limits(SyncPlugin plugin, SyncInvocation inv) =>
        new(plugin.Engine.Settings.MaxMemoryBytes, inv.ComputeLimit, ComputeLimitHint: ComputeLimit.Variable);

    /// <summary>One sentence for what stopped the plugin.</summary>
    internal static string Describe(Exception e, SyncPlugin plugin, StepLimits limits, CancellationToken cancellationToken)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ComputeLimitExceededException) return inner.Message;
            if (inner is OperationCanceledException) return "cancelled";
        }
        if (cancellationToken.IsCancellationRequested) return "cancelled";
        var text = e.ToString();
        if (ExitStatus().Match(text) is { Success: true } exit) return $"plugin exited with code {exit.Groups[1].Value}";
        if (text.Contains("component imports", StringComparison.Ordinal) || text.Contains("matching implementation", StringComparison.Ordinal))
            return $"{plugin.Name}: cannot be linked: {FirstLine(e.Message)}";
        return PluginFailure.Classify(e, limits) == PluginFailureKind.Trap
            ? $"plugin trapped: {TrapReason(e.Message)}"
            : PluginFailure.Describe(e, limits);
    }

    /// <summary>Wasmtime's cause of a trap ("wasm trap: wasm `unreachable` instruction executed"), else the first line.</summary>
    private static string TrapReason(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var trap = lines.LastOrDefault(l => l.Contains("wasm trap", StringComparison.Ordinal));
        return trap ?? (lines.Length == 0 ? message : lines[0]);
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return (i < 0 ? s : s[..i]).Trim();
    }

    [GeneratedRegex(@"[Ee]xited with i32 exit status (\d+)")]
    private static partial Regex ExitStatus();

    /// <summary>Builds the <c>sync-exec-input</c> record in the version's field order.</summary>
    public static ComponentValue Input(SyncWorldVersion version, SyncInvocation inv)
    {
        ArgumentNullException.ThrowIfNull(inv);
        var fields = new List<KeyValuePair<string, ComponentValue>>
        {
            new("canister-id", ComponentValue.String(inv.CanisterId)),
            new("environment", ComponentValue.String(inv.Environment)),
            new("dirs", ComponentValue.List(inv.Dirs.Select(ComponentValue.String).ToArray())),
            new("files", ComponentValue.List(inv.Files.Select(f => Pair("name", f.Name, "content", f.Content)).ToArray())),
            new("identity-principal", ComponentValue.String(inv.IdentityPrincipal)),
            new("proxy-canister-id", inv.ProxyCanisterId is null ? ComponentValue.None() : ComponentValue.Some(ComponentValue.String(inv.ProxyCanisterId))),
        };
        if (version == SyncWorldVersion.V0_2)
            fields.Add(new("canister-ids", ComponentValue.List(inv.CanisterIds.Select(e => Pair("name", e.Name, "id", e.Id)).ToArray())));
        return ComponentValue.Record(fields);
    }

    private static ComponentValue Pair(string a, string av, string b, string bv) => ComponentValue.Record(
        [new(a, ComponentValue.String(av)), new(b, ComponentValue.String(bv))]);

    /// <summary>Where a plugin's call goes: update calls with direct=false through the proxy's <c>proxy</c> method when a proxy is configured.</summary>
    public static CanisterCall Route(SyncInvocation inv, string target, string method, byte[] arg, bool isQuery, bool direct, ulong cycles)
    {
        ArgumentNullException.ThrowIfNull(inv);
        if (!isQuery && !direct && inv.ProxyCanisterId is { } proxy)
            return new CanisterCall(proxy, "proxy", CandidProxyArgs.Encode(target, method, arg, cycles), IsQuery: false, Cycles: 0);
        return new CanisterCall(target, method, arg, isQuery, cycles);
    }
}
