using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Tests.TestSupport;
using PluginHost.Shared.Manifests.Icp;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Step executors over a real icp.yaml project: plugin steps with sandbox/fields/targets, script steps as real processes.</summary>
public sealed class IcpExecutorTests
{
    private sealed class SlowGateway(TimeSpan delay) : ICanisterGateway
    {
        public async Task<CanisterReply> CallAsync(CanisterCall call, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return CanisterReply.Ok("slow"u8.ToArray());
        }
    }

    private static (IcpSyncContext Ctx, TempDir Dir) Project(string yaml, TimeSpan? limit = null)
    {
        var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("be", "assets"));
        File.WriteAllText(dir.Combine("be", "assets", "x.txt"), "ex");
        File.WriteAllText(dir.Combine("be", "cfg.txt"), "config!");
        File.Copy(IcpFixtures.PathOf("c", "0.2.0"), dir.Combine("plugin.wasm"));
        File.WriteAllText(dir.Combine("icp.yaml"), yaml);
        var project = IcpManifestReader.ReadFile(dir.Combine("icp.yaml"));
        return (new IcpSyncContext(project, project.Environments[0], "2vxsx-fae", null, limit ?? ComputeLimit.Default), dir);
    }

    private const string Envs = """
        environments:
          - name: staging
            network: ic
            canisters: { backend: bkyz2-fmaaa-aaaaa-qaaaq-cai, my-ledger: ryjl3-tyaaa-aaaaa-aaaba-cai }
        """;

    [Fact]
    public async Task Plugin_step_gets_dirs_files_and_fields()
    {
        var (ctx, dir) = Project("""
            canisters:
              - name: backend
                dir: be
                sync:
                  - { type: plugin, path: ../plugin.wasm, dirs: [assets], files: { conf: cfg.txt }, fields: { mode: files } }
              - name: my-ledger
            """ + "\n" + Envs);
        using var _ = dir;
        var c = ctx.Project.Canisters[0];
        var o = await new IcpSyncStepExecutor(new RecordedCalls().Gateway, null).RunAsync(ctx, c, (IcpPluginStep)c.Steps[0], null, default);
        Assert.True(o.Succeeded, o.Error);
        Assert.Equal(["conf=config!", "mode=files"], o.StderrLines);
    }

    [Fact]
    public async Task Plugin_step_sandbox_errors_name_the_step()
    {
        var (ctx, dir) = Project("""
            canisters:
              - name: backend
                dir: be
                sync:
                  - { type: plugin, path: ../plugin.wasm, dirs: [../be] }
              - name: my-ledger
            """ + "\n" + Envs);
        using var _ = dir;
        var c = ctx.Project.Canisters[0];
        var e = await Assert.ThrowsAsync<SyncPluginException>(() =>
            new IcpSyncStepExecutor(new RecordedCalls().Gateway, null).RunAsync(ctx, c, (IcpPluginStep)c.Steps[0], null, default));
        Assert.Contains("canister `backend`: sync step 0: dirs: `../be` must not contain `..`", e.Message);
    }

    [Fact]
    public async Task Declared_target_resolves_through_the_environment()
    {
        var (ctx, dir) = Project("""
            canisters:
              - name: backend
                dir: be
                sync:
                  - { type: plugin, path: ../plugin.wasm, fields: { mode: ids } }
              - name: my-ledger
            """ + "\n" + Envs);
        using var _ = dir;
        var c = ctx.Project.Canisters[0];
        var o = await new IcpSyncStepExecutor(new RecordedCalls().Gateway, null).RunAsync(ctx, c, (IcpPluginStep)c.Steps[0], null, default);
        Assert.Equal(["backend=bkyz2-fmaaa-aaaaa-qaaaq-cai", "my-ledger=ryjl3-tyaaa-aaaaa-aaaba-cai"], o.StderrLines);
    }

    [Fact]
    public async Task Time_in_canister_calls_is_credited_to_the_compute_limit()
    {
        var (ctx, dir) = Project("""
            canisters:
              - name: backend
                dir: be
                sync:
                  - { type: plugin, path: ../plugin.wasm, fields: { mode: call-host } }
              - name: my-ledger
            """ + "\n" + Envs, TimeSpan.FromSeconds(1));
        using var _ = dir;
        var c = ctx.Project.Canisters[0];
        var executor = new IcpSyncStepExecutor(new SlowGateway(TimeSpan.FromSeconds(2)), null);
        // Warm up first: compiling the component's functions on first use counts as compute time.
        var warm = ctx with { ComputeLimit = ComputeLimit.Default };
        Assert.True((await executor.RunAsync(warm, c, (IcpPluginStep)c.Steps[0], null, default)).Succeeded);
        var o = await executor.RunAsync(ctx, c, (IcpPluginStep)c.Steps[0], null, default);
        Assert.True(o.Succeeded, o.Error);
        Assert.Contains("reply: slow", o.StderrLines);
    }

    [Fact]
    public async Task Script_step_runs_in_the_canister_dir_with_the_icp_environment()
    {
        var (ctx, dir) = Project("""
            canisters:
              - name: backend
                dir: be
                sync:
                  - type: script
                    command: 'echo progress; echo "$(pwd) $ICP_CLI_ENVIRONMENT $ICP_CLI_NETWORK $ICP_CLI_CID $ICP_CLI_CID_MY_LEDGER" >&2; printf "\033[1mbold\033[0m\r\n" >&2'
              - name: my-ledger
            """ + "\n" + Envs);
        using var _ = dir;
        var c = ctx.Project.Canisters[0];
        var progress = new List<string>();
        var o = await new IcpScriptStepExecutor().RunAsync(ctx, c, (IcpScriptStep)c.Steps[0], progress.Add, default);
        Assert.True(o.Succeeded, o.Error);
        Assert.Equal(["progress"], progress);
        Assert.Equal($"{Path.GetFullPath(dir.Combine("be"))} staging ic bkyz2-fmaaa-aaaaa-qaaaq-cai ryjl3-tyaaa-aaaaa-aaaba-cai", o.StderrLines[0]);
        Assert.Equal("bold", o.StderrLines[1]);
    }

    [Fact]
    public async Task Script_step_exit_code_fails_the_step()
    {
        var (ctx, dir) = Project("""
            canisters:
              - name: backend
                dir: be
                sync: [{ type: script, command: 'echo why >&2; exit 3' }]
              - name: my-ledger
            """ + "\n" + Envs);
        using var _ = dir;
        var c = ctx.Project.Canisters[0];
        var o = await new IcpScriptStepExecutor().RunAsync(ctx, c, (IcpScriptStep)c.Steps[0], null, default);
        Assert.False(o.Succeeded);
        Assert.Contains("exited with code 3", o.Error);
        Assert.Equal(["why"], o.StderrLines);
    }
}
