using System.Diagnostics;
using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Plugins.Icp;

/// <summary>Runs `script` sync steps as real processes (`sh -c`) in the canister directory with the ICP_CLI_* environment.</summary>
public sealed class IcpScriptStepExecutor
{
    /// <summary>The environment a script sees besides the inherited one.</summary>
    public static IReadOnlyDictionary<string, string> Environment(IcpSyncContext ctx, IcpCanister canister)
    {
        var env = new Dictionary<string, string>
        {
            ["ICP_CLI_ENVIRONMENT"] = ctx.Environment.Name,
            ["ICP_CLI_NETWORK"] = ctx.Environment.Network,
            ["ICP_CLI_CID"] = ctx.IdOf(canister.Name),
        };
        foreach (var (name, id) in ctx.CanisterIds)
            env["ICP_CLI_CID_" + name.ToUpperInvariant().Replace('-', '_')] = id;
        return env;
    }

    /// <summary>Runs the command; a non-zero exit is a failed outcome, stdout lines are progress, stderr lines are kept.</summary>
    public async Task<SyncOutcome> RunAsync(IcpSyncContext ctx, IcpCanister canister, IcpScriptStep step, Action<string>? progress, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = ctx.DirOf(canister),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(step.Command);
        foreach (var (k, v) in Environment(ctx, canister)) psi.Environment[k] = v;
        if (!Directory.Exists(psi.WorkingDirectory))
            throw new SyncPluginException($"{ctx.Project.File}: canister `{canister.Name}`: sync step {step.Index}: directory {psi.WorkingDirectory} does not exist");
        using var process = Process.Start(psi) ?? throw new SyncPluginException($"cannot start /bin/sh for `{step.Command}`");
        process.StandardInput.Close();
        var stdoutLines = new List<string>();
        var stderrLines = new List<string>();
        var stdout = new OutputLines("stdout", l => { stdoutLines.Add(l); progress?.Invoke(l); });
        var stderr = new OutputLines("stderr", stderrLines.Add);
        var pumpOut = Pump(process.StandardOutput.BaseStream, stdout, ct);
        var pumpErr = Pump(process.StandardError.BaseStream, stderr, ct);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(pumpOut, pumpErr).ConfigureAwait(false);
        stdout.Complete();
        stderr.Complete();
        var error = process.ExitCode == 0 ? null : $"script `{step.Command}` exited with code {process.ExitCode}";
        return new SyncOutcome(error, stderrLines, stdoutLines, 0);
    }

    private static async Task Pump(Stream stream, OutputLines lines, CancellationToken ct)
    {
        var buffer = new byte[8192];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0) lines.Write(buffer.AsSpan(0, n));
    }
}
