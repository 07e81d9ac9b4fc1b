using PluginHost.Plugins.Icp.Agent;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Request ids against the interface spec's example and values @dfinity/agent 3.4.3 requestIdOf printed for the same inputs.</summary>
public sealed class RequestIdTests
{
    [Fact]
    public void Call_request_id_matches_the_spec_example_and_dfinity_agent()
    {
        var id = RequestId.Of(new Dictionary<string, object>
        {
            ["request_type"] = "call",
            ["sender"] = new byte[] { 4 },
            ["ingress_expiry"] = 1685570400000000000UL,
            ["canister_id"] = new byte[] { 0, 0, 0, 0, 0, 0, 4, 0xd2 },
            ["method_name"] = "hello",
            ["arg"] = new byte[] { 0x44, 0x49, 0x44, 0x4c, 0x00, 0xfd, 0x2a },
        });
        Assert.Equal("1d1091364d6bb8a6c16b203ee75467d59ead468f523eb058880ae8ec80e2b101", Convert.ToHexStringLower(id));
    }

    [Fact]
    public void Read_state_request_id_with_nested_path_arrays_matches_dfinity_agent()
    {
        var id = RequestId.Of(new Dictionary<string, object>
        {
            ["request_type"] = "read_state",
            ["sender"] = new byte[] { 4 },
            ["ingress_expiry"] = 1UL,
            ["paths"] = new object[] { new object[] { "request_status"u8.ToArray(), new byte[] { 1, 2 } } },
        });
        Assert.Equal("f4a1ffbc46bddfbaf4dbaf197120e1c02ffaddc24b9443ae3a239a0e01e60915", Convert.ToHexStringLower(id));
    }
}
