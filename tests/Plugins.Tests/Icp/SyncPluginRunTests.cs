using System.Text;
using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Tests.TestSupport;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Every fixture behaviour through the real component runtime, for both languages and versions.</summary>
public sealed class SyncPluginRunTests
{
    public static TheoryData<string, string> All => new()
    {
        { "c", "0.1.0" }, { "c", "0.2.0" }, { "js", "0.1.0" }, { "js", "0.2.0" },
    };

    public static TheoryData<string> Langs => new() { "c", "js" };

    private static async Task<SyncOutcome> Run(string lang, string version, string mode, RecordedCalls? calls = null,
        Func<SyncInvocation, SyncInvocation>? edit = null, List<string>? progress = null)
    {
        using var dir = new TempDir();
        var inv = IcpFixtures.Invocation(mode, dir.Path);
        if (edit is not null) inv = edit(inv);
        var host = new SyncPluginHost((calls ?? new RecordedCalls()).Gateway);
        return await host.RunAsync(IcpFixtures.Load(lang, version), inv, l => progress?.Add(l));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Version_is_detected_from_the_types_import(string lang, string version)
    {
        var plugin = IcpFixtures.Load(lang, version);
        Assert.Equal(version == "0.1.0" ? SyncWorldVersion.V0_1 : SyncWorldVersion.V0_2, plugin.Version);
        await Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Success_returns_ok_with_progress_on_stdout_and_kept_stderr(string lang, string version)
    {
        var progress = new List<string>();
        var o = await Run(lang, version, "success", progress: progress);
        Assert.True(o.Succeeded, o.Error);
        Assert.Contains(progress, l => l.Contains("syncing bkyz2-fmaaa-aaaaa-qaaaq-cai in local"));
        Assert.Contains(o.StderrLines, l => l.Contains("synced bkyz2-fmaaa-aaaaa-qaaaq-cai as 2vxsx-fae (proxy none)"));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Plugin_error_is_the_err_string(string lang, string version)
    {
        var o = await Run(lang, version, "error");
        Assert.False(o.Succeeded);
        Assert.Contains("plugin failed for bkyz2-fmaaa-aaaaa-qaaaq-cai", o.Error);
    }

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    public async Task Trap_fails_the_run(string version)
    {
        var o = await Run("c", version, "trap");
        Assert.False(o.Succeeded);
        Assert.StartsWith("plugin trapped", o.Error);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Infinite_loop_hits_the_compute_limit(string lang, string version)
    {
        var o = await Run(lang, version, "loop", edit: i => i with { ComputeLimit = TimeSpan.FromSeconds(1) });
        Assert.False(o.Succeeded);
        Assert.Contains("compute limit of 1 s", o.Error);
    }

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    public async Task Declared_dirs_are_readable_at_their_relative_path(string version)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("assets", "nested"));
        File.WriteAllText(dir.Combine("assets", "a.txt"), "alpha\n");
        Directory.CreateDirectory(dir.Combine("other"));
        File.WriteAllText(dir.Combine("other", "b.txt"), "beta");
        var dirs = SyncSandbox.ResolveDirs(dir.Path, ["assets", "other", "assets/nested", "./assets"]);
        Assert.Equal(["other", "assets"], dirs.OrderByDescending(d => d).ToArray());
        var inv = IcpFixtures.Invocation("dirs", dir.Path) with { Dirs = dirs };
        var o = await new SyncPluginHost(new RecordedCalls().Gateway).RunAsync(IcpFixtures.Load("c", version), inv);
        Assert.True(o.Succeeded, o.Error);
        Assert.Contains("assets/a.txt: alpha", o.StderrLines);
        Assert.Contains("other/b.txt: beta", o.StderrLines);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Inline_files_are_passed(string lang, string version)
    {
        var o = await Run(lang, version, "files", edit: i => i with { Files = [.. i.Files, ("conf/app.json", "{\"a\":1}")] });
        Assert.True(o.Succeeded, o.Error);
        Assert.Contains("conf/app.json={\"a\":1}", o.StderrLines);
        Assert.Contains("mode=files", o.StderrLines);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Call_to_host_goes_to_the_synced_canister(string lang, string version)
    {
        var calls = new RecordedCalls(("bkyz2-fmaaa-aaaaa-qaaaq-cai", "greet", CanisterReply.Ok(Encoding.UTF8.GetBytes("hello back"))));
        var o = await Run(lang, version, "call-host", calls);
        Assert.True(o.Succeeded, o.Error);
        Assert.Contains("reply: hello back", o.StderrLines);
        var c = Assert.Single(calls.Calls);
        Assert.Equal(("bkyz2-fmaaa-aaaaa-qaaaq-cai", "greet", true), (c.CanisterId, c.Method, c.IsQuery));
        Assert.Equal("hi"u8.ToArray(), c.Arg);
        Assert.Equal(1, o.Calls);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Gateway_error_reaches_the_plugin_as_err(string lang, string version)
    {
        var calls = new RecordedCalls(("bkyz2-fmaaa-aaaaa-qaaaq-cai", "greet", CanisterReply.Fail("canister rejected")));
        var o = await Run(lang, version, "call-host", calls);
        Assert.False(o.Succeeded);
        Assert.Contains("call failed: canister rejected", o.Error);
    }

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    public async Task Update_call_not_direct_goes_through_the_proxy(string version)
    {
        var proxy = "rrkah-fqaaa-aaaaa-aaaaq-cai";
        var calls = new RecordedCalls((proxy, "proxy", CanisterReply.Ok("done"u8.ToArray())));
        var o = await Run("c", version, "call-proxy", calls, i => i with { ProxyCanisterId = proxy });
        Assert.True(o.Succeeded, o.Error);
        var c = Assert.Single(calls.Calls);
        Assert.Equal((proxy, "proxy", false), (c.CanisterId, c.Method, c.IsQuery));
        Assert.Equal(CandidProxyArgs.Encode("bkyz2-fmaaa-aaaaa-qaaaq-cai", "set", "v"u8.ToArray(), 1000), c.Arg);
    }

    [Fact]
    public async Task Update_call_not_direct_without_proxy_goes_to_the_target()
    {
        var calls = new RecordedCalls(("bkyz2-fmaaa-aaaaa-qaaaq-cai", "set", CanisterReply.Ok("ok"u8.ToArray())));
        var o = await Run("c", "0.2.0", "call-proxy", calls);
        Assert.True(o.Succeeded, o.Error);
        var c = Assert.Single(calls.Calls);
        Assert.Equal(("bkyz2-fmaaa-aaaaa-qaaaq-cai", "set", false, 1000UL), (c.CanisterId, c.Method, c.IsQuery, c.Cycles));
    }

    [Theory]
    [MemberData(nameof(Langs))]
    public async Task Call_to_a_declared_name_goes_to_its_id(string lang)
    {
        var calls = new RecordedCalls(("ryjl3-tyaaa-aaaaa-aaaba-cai", "balance", CanisterReply.Ok("42"u8.ToArray())));
        var o = await Run(lang, "0.2.0", "call-named", calls);
        Assert.True(o.Succeeded, o.Error);
        Assert.Contains("reply: 42", o.StderrLines);
        Assert.Equal("ryjl3-tyaaa-aaaaa-aaaba-cai", Assert.Single(calls.Calls).CanisterId);
    }

    [Theory]
    [MemberData(nameof(Langs))]
    public async Task Call_to_an_undeclared_name_is_refused_without_calling(string lang)
    {
        var calls = new RecordedCalls();
        var o = await Run(lang, "0.2.0", "call-refused", calls);
        Assert.True(o.Succeeded, o.Error);
        Assert.Contains(o.StderrLines, l => l.StartsWith("refused: ") && l.Contains("`stranger` is not declared"));
        Assert.Empty(calls.Calls);
        Assert.Equal(1, o.Calls);
    }

    [Theory]
    [MemberData(nameof(Langs))]
    public async Task Canister_ids_are_passed_in_order(string lang)
    {
        var o = await Run(lang, "0.2.0", "ids");
        Assert.True(o.Succeeded, o.Error);
        Assert.Equal(["backend=bkyz2-fmaaa-aaaaa-qaaaq-cai", "ledger=ryjl3-tyaaa-aaaaa-aaaba-cai"], o.StderrLines);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Output_over_one_mebibyte_is_truncated_with_a_line(string lang, string version)
    {
        var progress = new List<string>();
        var o = await Run(lang, version, "big", progress: progress);
        Assert.True(o.Succeeded, o.Error);
        // 1536 lines of 1023 bytes (1022 x + \n): 1 MiB kept = 1025 full lines + a partial one.
        const long total = 1536L * 1023;
        Assert.Equal($"... {total - (1 << 20)} bytes of stderr truncated", o.StderrLines[^1]);
        Assert.Equal($"... {total - (1 << 20)} bytes of stdout truncated", progress[^1]);
        Assert.Equal(1025 + 1 + 1, o.StderrLines.Count);
        Assert.Equal(new string('x', 1022), o.StderrLines[0]);
    }
}
