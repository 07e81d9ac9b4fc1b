using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Icp.Agent;
using PluginHost.Plugins.Icp.Identities;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp.Agent;

/// <summary>Certificates signed by a subnet key with a root-signed delegation, from the Node test replica (`--delegated`).</summary>
public sealed class DelegationTests
{
    private const string Canister = "ryjl3-tyaaa-aaaaa-aaaba-cai";
    private static readonly HttpClient Http = new();

    private static async Task<CanisterReply> Call(NodeIc replica, string method)
    {
        var agent = new IcpAgent(Http, replica.Url, AnonymousIdentity.Instance, await IcpAgent.FetchRootKeyAsync(Http, replica.Url, default),
            new AgentOptions { Backoff = TimeSpan.FromMilliseconds(10) });
        return await new NetworkGateway(agent).CallAsync(new CanisterCall(Canister, method, [3], false, 0), default);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delegated_certificates_are_verified_through_the_subnet_key_on_v3_and_v2_polling(bool v2Only)
    {
        using var replica = v2Only ? NodeIc.StartReplica("--delegated", "--v2-only") : NodeIc.StartReplica("--delegated");
        var reply = await Call(replica, "echo");
        Assert.Null(reply.Error);
        Assert.Equal(new byte[] { 3 }, reply.Reply);
        Assert.Equal(new byte[] { 3 }, (await Call(replica, "slow")).Reply);
    }

    [Fact]
    public async Task A_canister_outside_the_delegated_subnets_ranges_is_refused()
    {
        using var replica = NodeIc.StartReplica("--delegated", "--delegated-range", "00000000000000ff0101:00000000000000ff0101");
        var reply = await Call(replica, "echo");
        Assert.Null(reply.Reply);
        Assert.Contains("is outside the canister ranges of delegated subnet", reply.Error);
    }
}
