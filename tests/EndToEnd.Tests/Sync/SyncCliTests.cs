using static PluginHost.Tests.Common.TestRepo;
using System.Diagnostics;

namespace PluginHost.EndToEnd.Tests.Sync;

/// <summary>`pluginhost sync` run as a real process on the bundled examples/icp-hello project.</summary>
public sealed class SyncCliTests
{
    private static string Example => Path.Combine(RepoRoot(), "examples", "icp-hello");

    [Fact]
    public async Task The_example_project_syncs_every_canister_in_dry_run()
    {
        var (code, stdout, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--dry-run"], new());
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n');
        Assert.Contains("  call query ryjl3-tyaaa-aaaaa-aaaba-cai.balance (2 bytes, 0 cycles)", lines);
        Assert.Contains("[backend] reply: 1000 ICP", lines);
        Assert.Contains("[frontend] assets/index.html: Hello from the frontend assets", lines);
        Assert.Contains("[frontend] greeting=hi there", lines);
        Assert.Contains("[ledger] ledger ryjl3-tyaaa-aaaaa-aaaba-cai in local on local; backend is bkyz2-fmaaa-aaaaa-qaaaq-cai", lines);
        Assert.Equal("synced 3 canister(s)", lines[^2]);
    }

    [Fact]
    public async Task Selected_canisters_only()
    {
        var (code, stdout, _) = await Run(["sync", "ledger", "--project", Example, "--environment", "local", "--dry-run"], new());
        Assert.Equal(0, code);
        Assert.DoesNotContain("[backend]", stdout);
        Assert.Contains("synced 1 canister(s)", stdout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    public async Task A_bad_compute_limit_is_rejected_before_anything_runs(string value)
    {
        var (code, stdout, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--dry-run"],
            new() { ["ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS"] = value });
        Assert.Equal(2, code);
        Assert.Contains("ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS", stderr);
        Assert.DoesNotContain("call", stdout);
    }

    [Fact]
    public async Task Unknown_environment_and_canister_are_named()
    {
        var (code, _, stderr) = await Run(["sync", "--project", Example, "--environment", "prod", "--dry-run"], new());
        Assert.Equal(2, code);
        Assert.Contains("no environment `prod` (have: local)", stderr);
        (code, _, stderr) = await Run(["sync", "nope", "--project", Example, "--environment", "local", "--dry-run"], new());
        Assert.Equal(2, code);
        Assert.Contains("no canister `nope` (have: backend, frontend, ledger)", stderr);
    }

    [Fact]
    public async Task A_failing_step_fails_its_canister_and_the_exit_code()
    {
        var dir = Directory.CreateTempSubdirectory("icp-sync-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "replies.json"), "[]");
            File.WriteAllText(Path.Combine(dir, "icp.yaml"), """
                canisters:
                  - name: a
                    sync: [{ type: script, command: 'echo bad >&2; exit 4' }, { type: script, command: 'echo never >&2' }]
                  - name: b
                    sync: [{ type: script, command: 'echo fine >&2' }]
                  - name: c
                    sync: [{ type: script, command: 'exit 1' }]
                environments: [{ name: local, canisters: { a: aaaaa-aa, b: 2vxsx-fae, c: rrkah-fqaaa-aaaaa-aaaaq-cai } }]
                """);
            var (code, stdout, stderr) = await Run(["sync", "--project", dir, "--environment", "local", "--dry-run"], new());
            Assert.Equal(2, code); // exit code = number of failed canisters
            // The error is shown once, with the canister's outcome; its block keeps the plugin's stderr.
            var error = "script `echo bad >&2; exit 4` exited with code 4";
            Assert.Contains($"a: failed: step 0 (script 0) failed: {error}", stdout);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(stdout + stderr, System.Text.RegularExpressions.Regex.Escape(error)));
            Assert.Contains("[a] bad\n[a] failed", stderr.Replace("\r", ""));
            Assert.DoesNotContain("never", stderr + stdout);
            Assert.Contains("[b] fine", stdout);
            Assert.Contains("2 of 3 canister(s) failed", stdout);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task A_two_second_compute_limit_is_not_spent_compiling_the_12_MB_js_plugin()
    {
        var dir = Directory.CreateTempSubdirectory("icp-sync-limit-").FullName;
        try
        {
            File.Copy(Fixture("icp", "js", "plugin-0.2.0.wasm"), Path.Combine(dir, "plugin.wasm"));
            File.WriteAllText(Path.Combine(dir, "replies.json"), "[]");
            File.WriteAllText(Path.Combine(dir, "icp.yaml"), """
                canisters:
                  - name: a
                    sync: [{ type: plugin, path: plugin.wasm, fields: { mode: success } }]
                environments: [{ name: local, canisters: { a: aaaaa-aa } }]
                """);
            var (code, stdout, stderr) = await Run(["sync", "--project", dir, "--environment", "local", "--dry-run"],
                new() { ["ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS"] = "2" });  // compiling takes 3.6 s or more; 2 s leaves room for a loaded CI machine
            Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("[a] js synced aaaaa-aa as 2vxsx-fae (proxy none)", stdout);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task The_example_project_syncs_against_the_node_test_replica_with_an_icp_cli_identity()
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(RepoRoot(), "tests", "node"), RedirectStandardOutput = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("ic/replica.mjs");
        using var replica = Process.Start(psi)!;
        var home = Path.Combine(Path.GetTempPath(), "pluginhost-icp-home-" + Guid.NewGuid().ToString("N"));
        try
        {
            var url = $"http://127.0.0.1:{replica.StandardOutput.ReadLine()!.Split(' ')[1]}";
            Directory.CreateDirectory(Path.Combine(home, "identity", "keys"));
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.CreateFromValue("1.3.132.0.10"));
            File.WriteAllText(Path.Combine(home, "identity", "keys", "me.pem"),
                System.Security.Cryptography.PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey()));
            var identities = Path.Combine(RepoRoot(), "tests", "fixtures", "icp", "identities");
            File.Copy(Path.Combine(identities, "ed25519.scrypt.pem"), Path.Combine(home, "identity", "keys", "locked.pem"));
            File.WriteAllText(Path.Combine(home, "identity", "identity_list.json"),
                "{\"v\":1,\"identities\":{\"me\":{\"kind\":\"pem\",\"format\":\"plaintext\",\"algorithm\":\"secp256k1\"},"
                + "\"locked\":{\"kind\":\"pem\",\"format\":\"pbes2\",\"algorithm\":\"ed25519\"}}}");
            File.WriteAllText(Path.Combine(home, "identity", "identity_defaults.json"), "{\"v\":1,\"default\":\"me\"}");
            var env = new Dictionary<string, string> { ["ICP_HOME"] = home };
            var (code, stdout, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--network", url], env);
            Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("synced 3 canister(s)", stdout);
            using (var proxy = new RecordingHttpProxy())
            {
                var proxied = new Dictionary<string, string>(env) { ["HTTP_PROXY"] = proxy.Url.ToString(), ["http_proxy"] = proxy.Url.ToString(), ["NO_PROXY"] = "" };
                (code, stdout, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--network", url], proxied);
                Assert.True(code == 0, $"exit {code} through the proxy\n{stdout}\n{stderr}");
                Assert.Contains($"GET {url}/api/v2/status", proxy.RequestLines);
                Assert.True(proxy.RequestLines.Any(l => l.StartsWith($"POST {url}/api/v", StringComparison.Ordinal) && l.Contains("/canister/", StringComparison.Ordinal)),
                    string.Join("\n", proxy.RequestLines));
            }
            (code, _, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--network", url, "--identity", "nobody"], env);
            Assert.Equal(2, code);
            Assert.Contains("pluginhost sync: no identity found with name `nobody` (have: locked, me)", stderr);
            Assert.DoesNotContain("   at ", stderr);
            (code, _, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--network", url, "--identity", "locked"], env);
            Assert.Equal(2, code);
            Assert.Contains($"pluginhost sync: {Path.Combine(home, "identity", "keys", "locked.pem")}: the key is encrypted (pbes2) and no password was given: pass --identity-password-file FILE", stderr);
            var wrong = Path.Combine(home, "wrong.txt");
            File.WriteAllText(wrong, "not the password\n");
            (code, _, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--network", url, "--identity", "locked", "--identity-password-file", wrong], env);
            Assert.Equal(2, code);
            Assert.Contains("locked.pem: wrong password (the key did not decrypt)", stderr);
            (code, stdout, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--network", url, "--identity", "locked",
                "--identity-password-file", Path.Combine(identities, "password.txt")], env);
            Assert.True(code == 0, $"exit {code} with the password-protected identity\n{stdout}\n{stderr}");
            var principal = PluginHost.Plugins.Icp.Identities.PemKey.Load(File.ReadAllText(Path.Combine(identities, "ed25519.pem")), "ed25519.pem").PrincipalText;
            Assert.Contains($" as {principal} ", stdout);
            (code, _, stderr) = await Run(["sync", "--project", Example, "--environment", "local", "--network", "http://127.0.0.1:9"], env);
            Assert.Equal(2, code);
            Assert.Contains("pluginhost sync: network http://127.0.0.1:9/ does not answer /api/v2/status", stderr);
        }
        finally
        {
            replica.StandardInput.Close();
            if (!replica.WaitForExit(3000)) replica.Kill();
            Directory.Delete(home, true);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string[] args, Dictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pluginhost.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h
            : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment.Remove("ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS");
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var data = Directory.CreateTempSubdirectory("icp-sync-data-").FullName;   // a journal of its own per run
        info.ArgumentList.Add("--data-dir");
        info.ArgumentList.Add(data);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Directory.Delete(data, true);
        return (process.ExitCode, (await stdout).Replace("\r\n", "\n"), await stderr);
    }
}
