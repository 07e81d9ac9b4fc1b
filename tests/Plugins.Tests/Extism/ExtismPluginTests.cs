using static PluginHost.Tests.Common.TestRepo;
using System.Net;
using System.Text;
using PluginHost.Plugins.Extism;
using PluginHost.Plugins.Tests.TestSupport;
using Wasmtime;

namespace PluginHost.Plugins.Tests.Extism;

public sealed class ExtismPluginTests
{
    private static readonly Lazy<Module> Kitchen = new(() => TestModules.FromFile(Fixture("extism", "kitchen.wasm")));

    private static ExtismPlugin Load(ExtismManifest? manifest = null, HttpClient? http = null) =>
        new(TestModules.Engine, Kitchen.Value, manifest ?? new ExtismManifest(), [Reverse], http, name: "kitchen");

    private static readonly ExtismHostFunction Reverse = new("reverse", 1, true, (_, args) =>
    {
        var bytes = (byte[])args[0].Clone();
        Array.Reverse(bytes);
        return bytes;
    });

    private static string CallText(ExtismPlugin plugin, string function, string input = "") =>
        Encoding.UTF8.GetString(plugin.Call(function, Encoding.UTF8.GetBytes(input)));

    [Fact]
    public void InputIsReadAndOutputReturned()
    {
        using var plugin = Load();
        Assert.Equal("vowels=5 input=Hello World, Io", CallText(plugin, "count_vowels", "Hello World, Io"));
        Assert.Equal("vowels=0 input=", CallText(plugin, "count_vowels"));
    }

    [Fact]
    public void ConfigValuesAreVisibleAndMissingKeysFail()
    {
        using var plugin = Load(new ExtismManifest { Config = new Dictionary<string, string> { ["greeting"] = "hi there" } });
        Assert.Equal("hi there", CallText(plugin, "get_config", "greeting"));
        var error = Assert.Throws<ExtismCallException>(() => CallText(plugin, "get_config", "nope"));
        Assert.Equal("config key not found", error.PluginMessage);
    }

    [Fact]
    public void VarsSurviveAcrossCallsButNotAcrossPlugins()
    {
        using var plugin = Load();
        Assert.Equal("1", CallText(plugin, "counter"));
        Assert.Equal("2", CallText(plugin, "counter"));
        Assert.Equal("3", CallText(plugin, "counter"));
        using var other = Load();
        Assert.Equal("1", CallText(other, "counter"));
    }

    [Fact]
    public void VarLimitFailsTheCall()
    {
        using var plugin = Load(new ExtismManifest { MaxVarBytes = 4 });
        var error = Assert.Throws<ExtismCallException>(() => CallText(plugin, "counter"));
        Assert.Contains("var memory limit", error.Message);
    }

    [Fact]
    public void LogsAreFilteredByLevel()
    {
        using var plugin = Load();
        var logs = new List<string>();
        plugin.Kernel.Log = (level, message) => logs.Add($"{level}:{message}");
        plugin.Kernel.LogLevel = ExtismLogLevel.Warn;
        CallText(plugin, "log_all", "m");
        Assert.Equal(["Warn:m", "Error:m"], logs);
    }

    [Fact]
    public void UserHostFunctionsTakeAndReturnHandles()
    {
        using var plugin = Load();
        Assert.Equal("olleh", CallText(plugin, "call_host", "hello"));
    }

    [Fact]
    public void ErrorsNonZeroCodesAndTrapsFailTheCallWithAMessage()
    {
        using var plugin = Load();
        Assert.Equal("something went wrong", Assert.Throws<ExtismCallException>(() => CallText(plugin, "fail")).PluginMessage);
        Assert.Contains("non-zero exit code 7", Assert.Throws<ExtismCallException>(() => CallText(plugin, "exit_code")).Message);
        Assert.Contains("unreachable", Assert.Throws<ExtismCallException>(() => CallText(plugin, "trap")).Message);
        Assert.Contains("has no export named 'missing'", Assert.Throws<ExtismCallException>(() => CallText(plugin, "missing")).Message);
        // The plugin stays usable after failures, and a failed call's error does not leak into the next one.
        Assert.Equal("vowels=1 input=a", CallText(plugin, "count_vowels", "a"));
    }

    [Fact]
    public void TimeoutStopsARunawayCallAndThePluginStaysUsable()
    {
        using var plugin = Load(new ExtismManifest { Timeout = TimeSpan.FromMilliseconds(200) });
        var error = Assert.Throws<ExtismCallException>(() => CallText(plugin, "spin"));
        Assert.Contains("exceeded its timeout", error.Message);
        Assert.Equal("vowels=1 input=e", CallText(plugin, "count_vowels", "e"));
    }

    [Fact]
    public void MissingHostFunctionIsAClearLinkError()
    {
        var error = Assert.Throws<ExtismCallException>(() => new ExtismPlugin(TestModules.Engine, Kitchen.Value, new ExtismManifest(), [], name: "kitchen"));
        Assert.Contains("reverse", error.Message);
    }

    [Fact]
    public async Task HttpRequestsReachAllowedHostsOnly()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            var body = Encoding.UTF8.GetBytes("pong " + ctx.Request.Url!.AbsolutePath);
            ctx.Response.StatusCode = 201;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        });
        using var http = new HttpClient();
        using (var allowed = Load(new ExtismManifest { AllowedHosts = ["127.0.0.*"] }, http))
            Assert.Equal("201 pong /ping", CallText(allowed, "fetch", $"http://127.0.0.1:{port}/ping"));
        await serve;
        using var denied = Load(new ExtismManifest { AllowedHosts = ["example.com"] }, http);
        Assert.Contains("not allowed", Assert.Throws<ExtismCallException>(() => CallText(denied, "fetch", $"http://127.0.0.1:{port}/x")).Message);
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
