using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Tests.TestSupport;
using PluginHost.Shared.Manifests;

namespace PluginHost.Plugins.Tests.Proto;

public sealed class ProtoHostFunctionsTests
{
    private static (ProtoHostFunctions Host, VirtualPathMap Map, TempDir Temp) Create(ProtoHostOptions options)
    {
        var temp = new TempDir();
        var map = new VirtualPathMap([("/proto", temp.Combine("proto")), ("/cwd", temp.Combine("ws")), ("/workspace", temp.Combine("ws"))]);
        map.ToAllowedPaths();
        return (new ProtoHostFunctions(options, map, null, temp.Combine("ws")), map, temp);
    }

    [Fact]
    public void ExecCommandRunsOnlyAllowedCommandsInTheWorkspace()
    {
        var (host, _, temp) = Create(new ProtoHostOptions { AllowedCommands = ["pwd", "sh"] });
        using var _ = temp;
        var output = host.ExecCommand(new ExecCommandInput { Command = "pwd" });
        Assert.Equal(0, output.ExitCode);
        Assert.Equal(temp.Combine("ws"), output.Stdout.Trim());

        host.Environment["FROM_RUN"] = "run-value";
        var env = host.ExecCommand(new ExecCommandInput { Command = "sh", Args = ["-c", "echo $FROM_RUN $FROM_INPUT; exit 3"], Env = new Dictionary<string, string> { ["FROM_INPUT"] = "input-value" } });
        Assert.Equal(3, env.ExitCode);
        Assert.Equal("run-value input-value", env.Stdout.Trim());

        var error = Assert.Throws<InvalidOperationException>(() => host.ExecCommand(new ExecCommandInput { Command = "/bin/rm", Args = ["-rf", "/"] }));
        Assert.Equal("command '/bin/rm' is not allowed; add it to the node setting proto.allowed-commands (pluginhost install --allow-command or $PLUGINHOST_PROTO_ALLOWED_COMMANDS) (allowed: pwd, sh)", error.Message);
    }

    [Fact]
    public void UrlsAreRewrittenThenCheckedAgainstAllowedHosts()
    {
        var settings = ProtoToolsFile.Parse("[settings.url-rewrites]\n\"github\\\\.com/(\\\\w+)\" = \"mirror.local/gh/$1\"\n", ".prototools").Settings;
        var (host, _, temp) = Create(new ProtoHostOptions { AllowedHosts = ["*.local", "127.0.0.1"], Settings = settings });
        using var _ = temp;
        Assert.Equal("https://mirror.local/gh/moonrepo/x", host.CheckUrl("https://github.com/moonrepo/x").AbsoluteUri);
        Assert.Contains("'example.org' is not allowed (allowed hosts: *.local, 127.0.0.1; add it to [settings] allowed-hosts in .prototools, or --allow-host)",
            Assert.Throws<InvalidOperationException>(() => host.CheckUrl("https://example.org/a")).Message);
        Assert.Contains("invalid URL", Assert.Throws<InvalidOperationException>(() => host.CheckUrl("file:///etc/passwd")).Message);
    }

    [Fact]
    public void VirtualPathsMapBothWaysAndStayInside()
    {
        var (_, map, temp) = Create(new ProtoHostOptions());
        using var _ = temp;
        Assert.Equal(temp.Combine("proto", "tools", "x"), map.ToReal("/proto/tools/x"));
        Assert.Equal(temp.Combine("ws"), map.ToReal("/workspace"));
        Assert.Equal("/proto/../../etc", map.ToReal("/proto/../../etc"));
        Assert.Equal("/etc/passwd", map.ToReal("/etc/passwd"));
        var v = map.ToVirtual(temp.Combine("proto", "bin", "node"));
        Assert.Equal("/proto/bin/node", v.Path);
        Assert.Equal("/proto", v.VirtualPrefix);
        Assert.Equal(temp.Combine("proto"), v.RealPrefix);
        Assert.False(map.ToVirtual("/usr/bin").IsVirtual);
        Assert.Equal(3, map.ToAllowedPaths().Count);
    }
}
