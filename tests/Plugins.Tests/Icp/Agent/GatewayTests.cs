using System.Security.Cryptography;
using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Icp.Agent;
using PluginHost.Plugins.Icp.Identities;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp.Agent;

/// <summary>The network gateway against the Node test replica (real HTTP on 127.0.0.1, certificates signed with its BLS key).</summary>
public sealed class GatewayTests
{
    private const string Canister = "ryjl3-tyaaa-aaaaa-aaaba-cai";
    private static readonly HttpClient Http = new();

    private static async Task<NetworkGateway> Gateway(NodeIc replica, IcpIdentity identity, byte[]? rootKey = null) =>
        new(new IcpAgent(Http, replica.Url, identity, rootKey ?? await IcpNetwork.Resolve(replica.Url.ToString()).RootKeyAsync(Http, default),
            new AgentOptions { Backoff = TimeSpan.FromMilliseconds(10) }));

    private static CanisterCall Update(string method, byte[] arg) => new(Canister, method, arg, false, 0);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Update_calls_are_answered_with_verified_certificates_on_v3_and_on_v2_polling(bool v2Only)
    {
        using var replica = v2Only ? NodeIc.StartReplica("--v2-only") : NodeIc.StartReplica();
        using var identity = new Ed25519Identity(RandomNumberGenerator.GetBytes(32));
        var gateway = await Gateway(replica, identity);
        var reply = await gateway.CallAsync(Update("echo", [1, 2, 3]), default);
        Assert.Null(reply.Error);
        Assert.Equal([1, 2, 3], reply.Reply);
        var whoami = await gateway.CallAsync(Update("whoami", []), default);
        Assert.Equal(identity.PrincipalText, Principal.ToText(whoami.Reply));
        var slow = await gateway.CallAsync(Update("slow", [9]), default);
        Assert.Equal([9], slow.Reply);
        var calls = replica.Calls();
        Assert.Equal(3, calls.GetArrayLength());
        Assert.Equal(identity.PrincipalText, calls[0].GetProperty("sender").GetString());
    }

    [Fact]
    public async Task Queries_rejects_secp256k1_senders_and_retries_on_503()
    {
        using var replica = NodeIc.StartReplica("--fail-first", "2");
        var gateway = await Gateway(replica, new Secp256k1Identity(RandomNumberGenerator.GetBytes(32)));
        var query = await gateway.CallAsync(new CanisterCall(Canister, "echo", [7], true, 0), default);
        Assert.Equal([7], query.Reply);
        var rejected = await gateway.CallAsync(Update("reject", "x"u8.ToArray()), default);
        Assert.Equal($"canister call failed: {Canister}.reject: the replica returned a rejection error: reject code CanisterReject, reject message canister rejected x", rejected.Error);
        var anonymous = await (await Gateway(replica, AnonymousIdentity.Instance)).CallAsync(Update("whoami", []), default);
        Assert.Equal("2vxsx-fae", Principal.ToText(anonymous.Reply));
    }

    [Theory]
    [InlineData("tampered", "does not verify")]
    [InlineData("stale", "certificate is stale")]
    public async Task Replies_failing_verification_are_refused(string method, string cause)
    {
        using var replica = NodeIc.StartReplica();
        var reply = await (await Gateway(replica, AnonymousIdentity.Instance)).CallAsync(Update(method, [1]), default);
        Assert.Null(reply.Reply);
        Assert.StartsWith($"canister call failed: {Canister}.{method}: reply failed verification: ", reply.Error);
        Assert.Contains(cause, reply.Error);
    }

    [Fact]
    public async Task A_replica_with_another_root_key_and_a_network_that_does_not_answer_fail_in_one_line()
    {
        using var other = NodeIc.StartReplica();
        using var replica = NodeIc.StartReplica();
        var otherKey = await IcpAgent.FetchRootKeyAsync(Http, other.Url, default);
        var reply = await (await Gateway(replica, AnonymousIdentity.Instance, otherKey)).CallAsync(Update("echo", [1]), default);
        Assert.Contains("wrong root key", reply.Error);
        var dead = new NetworkGateway(new IcpAgent(Http, new Uri("http://127.0.0.1:9/"), AnonymousIdentity.Instance, otherKey,
            new AgentOptions { Attempts = 2, Backoff = TimeSpan.FromMilliseconds(1) }));
        var down = await dead.CallAsync(Update("echo", [1]), default);
        Assert.StartsWith($"canister call failed: {Canister}.echo: network http://127.0.0.1:9/ does not answer", down.Error);
        Assert.DoesNotContain("\n", down.Error!);
    }

    [Fact]
    public async Task A_call_interrupted_after_sending_is_resumed_by_its_request_id_not_sent_again()
    {
        using var replica = NodeIc.StartReplica();
        var gateway = await Gateway(replica, new Ed25519Identity(RandomNumberGenerator.GetBytes(32)));
        var journal = new List<JournaledCall>();
        var first = new JournaledGateway(gateway, [], c =>
        {
            if (!c.IsPending) throw new IOException("node crashed before journaling the reply");
            journal.Add(c);
            return Task.CompletedTask;
        });
        await Assert.ThrowsAsync<IOException>(() => first.CallAsync(Update("echo", [5]), default));
        var pending = Assert.Single(journal);
        Assert.True(pending.IsPending);
        var second = new JournaledGateway(gateway, journal, c => { journal.Add(c); return Task.CompletedTask; });
        var reply = await second.CallAsync(Update("echo", [5]), default);
        Assert.Equal([5], reply.Reply);
        Assert.Equal(1, second.Resumed);
        Assert.Equal(0, second.Sent);
        var calls = replica.Calls();
        Assert.Equal(1, calls.GetArrayLength());
        Assert.Equal(pending.RequestIdHex, calls[0].GetProperty("requestId").GetString());
        Assert.Equal(pending.RequestIdHex, journal[^1].RequestIdHex);
        var third = new JournaledGateway(gateway, journal, _ => Task.CompletedTask);
        Assert.Equal([5], (await third.CallAsync(Update("echo", [5]), default)).Reply);
        Assert.Equal(1, third.Replayed);
        Assert.Equal(1, replica.Calls().GetArrayLength());
    }

    [Fact]
    public void Networks_resolve_as_icp_cli_does()
    {
        Assert.Equal(IcpNetwork.IcRootKey, IcpNetwork.Resolve("ic").BuiltInRootKey);
        Assert.Equal(IcpNetwork.IcRootKey, IcpNetwork.Resolve("https://icp0.io").BuiltInRootKey);
        Assert.Null(IcpNetwork.Resolve("local").BuiltInRootKey);
        Assert.Equal(new Uri("http://localhost:8000/"), IcpNetwork.Resolve("local").Url);
        Assert.Throws<IcpAgentException>(() => IcpNetwork.Resolve("staging"));
    }
}
