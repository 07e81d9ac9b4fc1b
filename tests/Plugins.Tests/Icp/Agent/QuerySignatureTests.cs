using System.Security.Cryptography;
using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Icp.Agent;
using PluginHost.Plugins.Icp.Identities;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp.Agent;

/// <summary>Query replies are believed only with node signatures that verify against the subnet's node keys; the Node
/// test replica signs over agent-js's requestIdOf of the reply fields, so a hash that differs from agent-js fails here.</summary>
public sealed class QuerySignatureTests
{
    private const string Canister = "ryjl3-tyaaa-aaaaa-aaaba-cai";
    private static readonly HttpClient Http = new();

    private static async Task<NetworkGateway> Gateway(NodeIc replica) =>
        new(new IcpAgent(Http, replica.Url, new Ed25519Identity(RandomNumberGenerator.GetBytes(32)),
            await IcpNetwork.Resolve(replica.Url.ToString()).RootKeyAsync(Http, default), new AgentOptions { Backoff = TimeSpan.FromMilliseconds(10) }));

    private static CanisterCall Query(string method, byte[] arg) => new(Canister, method, arg, true, 0);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signed_replies_and_rejections_verify_on_the_root_subnet_and_on_a_delegated_one(bool delegated)
    {
        using var replica = delegated ? NodeIc.StartReplica("--delegated") : NodeIc.StartReplica();
        var gateway = await Gateway(replica);
        var reply = await gateway.CallAsync(Query("echo", [4, 5]), default);
        Assert.Null(reply.Error);
        Assert.Equal([4, 5], reply.Reply);
        var rejected = await gateway.CallAsync(Query("reject", "q"u8.ToArray()), default);
        Assert.Equal($"canister call failed: {Canister}.reject: the replica returned a rejection error: reject code CanisterReject, reject message canister rejected q", rejected.Error);
    }

    [Theory]
    [InlineData("unsigned", "it carries no node signatures")]
    [InlineData("badsig", "does not verify")]
    [InlineData("stranger", "does not verify")]
    public async Task Unsigned_and_wrongly_signed_replies_are_refused_in_one_line(string method, string cause)
    {
        using var replica = NodeIc.StartReplica();
        var reply = await (await Gateway(replica)).CallAsync(Query(method, [1]), default);
        Assert.Null(reply.Reply);
        Assert.StartsWith($"canister call failed: {Canister}.{method}: query reply failed verification: ", reply.Error);
        Assert.Contains(cause, reply.Error);
        Assert.DoesNotContain("\n", reply.Error!);
    }

    [Fact]
    public async Task A_canister_outside_the_subnets_ranges_gets_no_node_keys()
    {
        using var replica = NodeIc.StartReplica("--delegated", "--delegated-range", "00000000000000020101:00000000000000020101");
        var other = await (await Gateway(replica)).CallAsync(new CanisterCall("rrkah-fqaaa-aaaaa-aaaaq-cai", "echo", [1], true, 0), default);
        Assert.Null(other.Reply);
        Assert.Contains("outside the canister ranges", other.Error);
    }
}
