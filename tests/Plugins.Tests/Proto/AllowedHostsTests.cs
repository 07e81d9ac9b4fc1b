using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Shared.Manifests;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>Which hosts tool plugins and downloads may reach: proto's "*" by default, narrowed by [settings] allowed-hosts or the node.</summary>
public sealed class AllowedHostsTests
{
    [Fact]
    public async Task ByDefaultEveryHostIsAllowedLikeProto()
    {
        Assert.Equal(["*"], new ProtoHostOptions().AllowedHosts);
        using var bed = new ProtoTestBed();
        var request = bed.Request("2.0.0", new { via = "http_request" }) with { Options = new ProtoHostOptions { Settings = ProtoTestBed.FastSettings } };

        var result = await bed.InstallAsync(request);

        Assert.Equal("2.0.0", result.Version);
    }

    [Fact]
    public async Task ADownloadFromAHostNotAllowedNamesToolHostAndSetting()
    {
        using var bed = new ProtoTestBed();
        var file = ProtoToolsFile.Parse("[settings]\nallowed-hosts = [\"*.example.com\", \"127.0.0.1\"]\n", ".prototools");
        Assert.Equal(["*.example.com", "127.0.0.1"], file.Settings.AllowedHosts);
        // The index comes from 127.0.0.1 (allowed); only the download URL (/dist/) is rewritten to localhost (not allowed).
        var settings = ProtoTestBed.FastSettings with { UrlRewrites = ProtoToolsFile.Parse("[settings.url-rewrites]\n\"127\\\\.0\\\\.0\\\\.1(:[0-9]+)/dist/\" = \"localhost$1/x/\"\n", ".prototools").Settings.UrlRewrites };
        var request = bed.Request("2.0.0", new { via = "http_request" }) with
        {
            Options = new ProtoHostOptions { AllowedHosts = file.Settings.AllowedHosts!, AllowedHostsSetting = "[settings] allowed-hosts in /p/.prototools", Settings = settings },
        };

        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));

        Assert.Equal("demo: download_prebuilt: HTTP request to 'localhost' is not allowed (allowed hosts: *.example.com, 127.0.0.1; add it to [settings] allowed-hosts in /p/.prototools)", error.Message);
        Assert.Equal(0, bed.Server.Requests("/x/demo-2.0.0.tar.gz"));
    }

    [Fact]
    public async Task APluginHttpRequestToAHostNotAllowedNamesToolHostAndSetting()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("2.0.0", new { via = "http_request" }) with
        {
            Options = new ProtoHostOptions { AllowedHosts = ["nodejs.org"], AllowedHostsSetting = "--allow-host", Settings = ProtoTestBed.FastSettings },
        };

        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));

        Assert.StartsWith("demo: load_versions: ", error.Message);
        Assert.Contains("HTTP request to '127.0.0.1' is not allowed (allowed hosts: nodejs.org; add it to --allow-host)", error.Message);
    }
}
