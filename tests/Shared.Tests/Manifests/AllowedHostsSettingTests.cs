using PluginHost.Shared.Manifests;

namespace PluginHost.Shared.Tests.Manifests;

/// <summary>[settings] allowed-hosts: host globs tool plugins may reach; absent leaves the node's choice.</summary>
public sealed class AllowedHostsSettingTests
{
    [Fact]
    public void Reads_the_globs_in_order()
    {
        var file = ProtoToolsFile.Parse("[settings]\nallowed-hosts = [\"*.example.com\", \"127.0.0.1\", \"*\"]\n", ".prototools");
        Assert.Equal(["*.example.com", "127.0.0.1", "*"], file.Settings.AllowedHosts);
    }

    [Fact]
    public void Absent_means_unset()
    {
        Assert.Null(ProtoToolsFile.Parse("[settings]\ngithub-mirror = \"https://github.com\"\n", ".prototools").Settings.AllowedHosts);
        Assert.Null(ProtoToolsFile.Parse("node = \"20\"\n", ".prototools").Settings.AllowedHosts);
    }

    [Theory]
    [InlineData("allowed-hosts = \"*\"", "expected an array of host globs")]
    [InlineData("allowed-hosts = [\"https://x\"]", "expected host globs (letters, digits, '.', '-', '*'), found the string \"https://x\"")]
    [InlineData("allowed-hosts = [1]", "found the integer 1")]
    [InlineData("allowed-hosts = [\"\"]", "found the string \"\"")]
    public void Bad_values_name_file_and_key(string line, string expected)
    {
        var error = Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse($"[settings]\n{line}\n", "/p/.prototools"));
        Assert.Contains("/p/.prototools", error.Message);
        Assert.Contains("settings.allowed-hosts", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
