using PluginHost.Plugins.Icp;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>A recording gateway with fixed replies whose journal the test can read.</summary>
internal sealed class RecordedCalls
{
    public RecordedCalls(params (string Canister, string Method, CanisterReply Reply)[] replies)
    {
        Gateway = new RecordingGateway(replies.ToDictionary(r => (r.Canister, r.Method), r => r.Reply), c => { lock (Calls) Calls.Add(c); });
    }

    public List<CanisterCall> Calls { get; } = new();

    public RecordingGateway Gateway { get; }
}
