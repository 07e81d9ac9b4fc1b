using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PluginHost.Plugins.Extism;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Plugins.Tests.TestSupport;
using PluginHost.Tests.Common;

namespace PluginHost.Plugins.Tests.Extism.Real;

/// <summary>The real third-party plugins in ../shared/real-plugins give the same outputs on our Extism kernel (Wasmtime)
/// as on Extism's own JS runtime, @extism/extism on Node 20 (tests/node/extism-differential.mjs), for the same inputs.</summary>
public sealed class DifferentialTests
{
    private sealed record Case(string Name, string Wasm, string Function, string[] Inputs, string? Host = null,
        IReadOnlyDictionary<string, string>? Config = null, IReadOnlyDictionary<string, string>? AllowedPaths = null);

    private sealed record Outcome(bool Ok, string Text);

    private static string Extism(string file) => TestRepo.SharedData("real-plugins", "extism", file);

    [SharedDataFact("real-plugins", "extism")]
    public void Extism_test_plugins_answer_as_on_extism_js()
    {
        Case[] cases =
        [
            new("code count_vowels", Extism("code.wasm"), "count_vowels", ["this is a test", "", "aeiou AEIOU xyz"]),
            new("rust-pdk count_vowels", Extism("rust-pdk-count_vowels.wasm"), "count_vowels", ["Hello, World!", ""]),
            new("rust-pdk code", Extism("rust-pdk-code.wasm"), "count_vowels", ["Hello, World!"]),
            // Not "" for echo: @extism/extism 1.0.3 fails it ("Cannot convert undefined to a BigInt"); Extism's Rust runtime
            // returns "", as we do (ExtismKernelSemanticsTests.Echo_returns_its_input_including_the_empty_one).
            new("echo", Extism("echo.wasm"), "echo", ["hello, world", "ünïcödé ✓"]),
            new("consume", Extism("consume.wasm"), "consume", ["some input that is consumed"]),
            new("empty", Extism("empty.wasm"), "test", [""]),
            new("upper", Extism("upper.wasm"), "host_reflect", ["hello, world"]),
            new("globals", Extism("globals.wasm"), "globals", ["", "", "", "", ""]),
            new("allocations", Extism("allocations.wasm"), "allocations", [""]),
            new("code-functions", Extism("code-functions.wasm"), "count_vowels", ["this is a test"], Host: "identity"),
            new("reflect", Extism("reflect.wasm"), "reflect", ["reflect this"], Host: "identity"),
            new("rust-pdk host_function", Extism("rust-pdk-host_function.wasm"), "count_vowels", ["Hello, World!"], Host: "identity"),
            new("unreachable", Extism("unreachable.wasm"), "do_unreachable", [""]),
        ];
        AssertSame(cases, c => Ours(c));
    }

    [SharedDataFact("real-plugins", "proto")]
    public void Moons_proto_plugins_answer_as_on_extism_js()
    {
        using var temp = new TempDir();
        var loaded = new Dictionary<string, ProtoToolPlugin>();
        var cases = new List<Case>();
        try
        {
            foreach (var (id, file, versionFile, content) in new[]
                     {
                         ("node", "node_toolchain.wasm", ".nvmrc", "lts/iron\n"),
                         ("go", "go_toolchain.wasm", "go.mod", "module x\n\ngo 1.21.0\n"),
                     })
            {
                var dirs = new ToolDirectories(temp.Combine(id, "data"), temp.Combine(id, "ws"));
                var plugin = ProtoPluginLoader.Load(new ToolInstallRequest
                {
                    ToolId = id,
                    Module = TestModules.FromFile(TestRepo.SharedData("real-plugins", "proto", file)),
                    Engine = TestModules.Engine,
                    Directories = dirs,
                }, new HttpClient(), (_, _, _) => { }, default);
                loaded[id] = plugin;
                var wasm = TestRepo.SharedData("real-plugins", "proto", file);
                var unresolved = new PluginUnresolvedContext
                {
                    TempDir = plugin.Paths.ToVirtual(dirs.TempDir),
                    ToolDir = plugin.Paths.ToVirtual(Path.Join(dirs.ToolsDir, id)),
                    Version = "latest",
                    WorkingDir = plugin.Paths.ToVirtual(dirs.Workspace),
                };
                var context = new PluginContext
                {
                    TempDir = unresolved.TempDir,
                    ToolDir = plugin.Paths.ToVirtual(dirs.ToolDir(id, "20.1.0")),
                    Version = "20.1.0",
                    WorkingDir = unresolved.WorkingDir,
                };
                string Json<T>(T value) => Encoding.UTF8.GetString(ProtoJson.Serialize(value));
                Case Call(string function, string input) => new($"{id} {function}", wasm, function, [input], "proto",
                    plugin.Plugin.Manifest.Config,
                    plugin.Plugin.Manifest.AllowedPaths.ToDictionary(p => p.Value, p => p.Key));
                cases.Add(Call("register_tool", Json(new RegisterToolInput { Id = id })));
                cases.Add(Call("detect_version_files", Json(new DetectVersionInput { Context = unresolved })));
                cases.Add(Call("parse_version_file", Json(new ParseVersionFileInput
                {
                    Content = content, Context = unresolved, File = versionFile, Path = plugin.Paths.ToVirtual(Path.Join(dirs.Workspace, versionFile)),
                })));
                cases.Add(Call("download_prebuilt", Json(new DownloadPrebuiltInput { Context = context, InstallDir = context.ToolDir })));
                cases.Add(Call("locate_executables", Json(new LocateExecutablesInput { Context = context, InstallDir = context.ToolDir })));
            }
            AssertSame(cases, c => c.Inputs.Select(i => Try(() => loaded[c.Name.Split(' ')[0]].Plugin.Call(c.Function, Encoding.UTF8.GetBytes(i)))).ToList());
        }
        finally
        {
            foreach (var p in loaded.Values) p.Dispose();
        }
    }

    private static List<Outcome> Ours(Case c)
    {
        var functions = c.Host == "identity"
            ? new[] { new ExtismHostFunction("hello_world", 1, true, (_, a) => a[0]), new ExtismHostFunction("host_reflect", 1, true, (_, a) => a[0]) }
            : [];
        using var plugin = new ExtismPlugin(TestModules.Engine, TestModules.FromFile(c.Wasm),
            new ExtismManifest { Config = c.Config ?? new Dictionary<string, string>() }, functions, name: c.Name);
        return c.Inputs.Select(i => Try(() => plugin.Call(c.Function, Encoding.UTF8.GetBytes(i)))).ToList();
    }

    private static Outcome Try(Func<byte[]> call)
    {
        try { return new(true, Encoding.UTF8.GetString(call())); }
        catch (ExtismCallException e) { return new(false, e.Message); }
    }

    private static void AssertSame(IReadOnlyList<Case> cases, Func<Case, List<Outcome>> ours)
    {
        var theirs = Peer(cases);
        var mismatches = new List<string>();
        var compared = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var mine = ours(cases[i]);
            for (var j = 0; j < mine.Count; j++)
            {
                var peer = theirs[i][j];
                compared++;
                if (mine[j].Ok != peer.Ok || (mine[j].Ok && !SameText(mine[j].Text, peer.Text)))
                    mismatches.Add($"{cases[i].Name} #{j} input {JsonSerializer.Serialize(cases[i].Inputs[j])}:\n  ours: {Show(mine[j])}\n  extism-js: {Show(peer)}");
            }
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} calls differ:\n" + string.Join("\n", mismatches));
        Assert.True(compared >= cases.Count);
    }

    private static string Show(Outcome o) => o.Ok ? JsonSerializer.Serialize(o.Text) : $"error: {o.Text}";

    /// <summary>Equal text, or equal JSON values (key order and spacing aside).</summary>
    private static bool SameText(string a, string b)
    {
        if (a == b) return true;
        try
        {
            using var x = JsonDocument.Parse(a);
            using var y = JsonDocument.Parse(b);
            return JsonElement.DeepEquals(x.RootElement, y.RootElement);
        }
        catch (JsonException) { return false; }
    }

    private static List<List<Outcome>> Peer(IReadOnlyList<Case> cases)
    {
        var script = Path.Combine(TestRepo.RepoRoot(), "tests", "node", "extism-differential.mjs");
        var modules = Path.Combine(TestRepo.RepoRoot(), "tests", "node", "node_modules", "@extism", "extism");
        Assert.True(Directory.Exists(modules), $"the peer @extism/extism is not installed in tests/node (test.sh runs `npm ci --prefix tests/node`)");
        using var temp = new TempDir();
        var spec = temp.Combine("spec.json");
        File.WriteAllText(spec, JsonSerializer.Serialize(new
        {
            cases = cases.Select(c => new { name = c.Name, wasm = c.Wasm, function = c.Function, inputs = c.Inputs, host = c.Host, config = c.Config, allowedPaths = c.AllowedPaths }),
        }));
        using var process = Process.Start(new ProcessStartInfo("node", [script, spec]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "extism-differential.mjs did not finish within 120 s");
        Assert.True(process.ExitCode == 0, $"extism-differential.mjs exited {process.ExitCode}: {stderr.Result}");
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("outputs").EnumerateArray()
                .Select(o => o.GetProperty("ok").GetBoolean() ? new Outcome(true, o.GetProperty("text").GetString()!) : new Outcome(false, o.GetProperty("error").GetString()!))
                .ToList())
            .ToList();
    }
}
