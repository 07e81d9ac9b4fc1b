using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Icp.Agent;
using PluginHost.Plugins.Icp.Identities;
using PluginHost.Shared.Manifests.Icp;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp.Agent;

/// <summary>Networks named in icp.yaml (`networks:` connected/managed) resolve to their URL and declared root key, against the Node test replica.</summary>
public sealed class NamedNetworkTests
{
    private const string Canister = "ryjl3-tyaaa-aaaaa-aaaba-cai";
    private static readonly HttpClient Http = new();

    private static IcpProject Project(string networks) =>
        IcpManifestReader.Parse($"canisters: []\nenvironments:\n  - name: staging\n    network: staging\n    canisters: {{}}\nnetworks:\n{networks}", "icp.yaml");

    private static async Task<CanisterReply> Echo(IcpNetwork net)
    {
        var agent = new IcpAgent(Http, net.Url, AnonymousIdentity.Instance, await net.RootKeyAsync(Http, default),
            new AgentOptions { Backoff = TimeSpan.FromMilliseconds(10) });
        return await new NetworkGateway(agent).CallAsync(new CanisterCall(Canister, "echo", [5], false, 0), default);
    }

    [Fact]
    public async Task A_connected_network_with_its_root_key_is_called_with_that_key_never_fetched()
    {
        using var replica = NodeIc.StartReplica();
        var key = Convert.ToHexStringLower(await IcpAgent.FetchRootKeyAsync(Http, replica.Url, default));
        var project = Project($"  - name: staging\n    mode: connected\n    url: {replica.Url}\n    root-key: {key}\n");
        var net = IcpNetwork.Resolve("staging", project.Networks);
        Assert.Equal(replica.Url, net.Url);
        Assert.Equal(key, Convert.ToHexStringLower(net.BuiltInRootKey!));
        var reply = await Echo(net);
        Assert.Null(reply.Error);
        Assert.Equal(new byte[] { 5 }, reply.Reply);
    }

    [Fact]
    public async Task A_declared_root_key_that_is_not_the_replicas_refuses_the_reply()
    {
        using var replica = NodeIc.StartReplica();
        using var other = NodeIc.StartReplica();
        var otherKey = Convert.ToHexStringLower(await IcpAgent.FetchRootKeyAsync(Http, other.Url, default));
        var project = Project($"  - name: staging\n    mode: connected\n    url: {replica.Url}\n    root-key: {otherKey}\n");
        var reply = await Echo(IcpNetwork.Resolve("staging", project.Networks));
        Assert.Null(reply.Reply);
        Assert.Contains("wrong root key", reply.Error);
    }

    [Fact]
    public async Task A_managed_network_is_reached_on_its_gateway_port_and_its_root_key_fetched()
    {
        using var replica = NodeIc.StartReplica();
        var project = Project($"  - name: staging\n    mode: managed\n    gateway:\n      host: 127.0.0.1\n      port: {replica.Url.Port}\n");
        var net = IcpNetwork.Resolve("staging", project.Networks);
        Assert.Equal(replica.Url, net.Url);
        Assert.Null(net.BuiltInRootKey);
        Assert.Null((await Echo(net)).Error);
    }

    [Theory]
    [InlineData("  - name: x\n    mode: connected\n", "icp.yaml:7: network `x`: `url` is required for a connected network")]
    [InlineData("  - name: x\n    mode: connected\n    url: http://h/\n    root-key: abc\n", "icp.yaml:7: network `x`: `root-key` must be 266 lowercase hex characters (the DER root key)")]
    [InlineData("  - name: x\n    mode: elsewhere\n", "icp.yaml:7: network `x`: `mode` must be `connected` or `managed`")]
    public void Bad_network_declarations_are_one_line_naming_the_network(string networks, string message) =>
        Assert.Equal(message, Assert.Throws<IcpManifestException>(() => Project(networks)).Message);

    [Fact]
    public void An_undeclared_name_that_is_no_url_names_what_was_expected() =>
        Assert.Contains("network `staging` is not declared in icp.yaml `networks`", Assert.Throws<IcpAgentException>(() => IcpNetwork.Resolve("staging", [])).Message);
}
