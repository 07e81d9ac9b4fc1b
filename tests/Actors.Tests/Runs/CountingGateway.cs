using System.Collections.Concurrent;
using System.Text;
using PluginHost.Plugins.Icp;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>A fake network: answers every call with "METHOD-reply-N", N counting the calls it was sent, and records them.</summary>
public sealed class CountingGateway : ICanisterGateway
{
    private int _sent;

    /// <summary>The calls sent, in order, as "METHOD(ARG)".</summary>
    public ConcurrentQueue<string> Sent { get; } = new();

    /// <inheritdoc />
    public Task<CanisterReply> CallAsync(CanisterCall call, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _sent);
        Sent.Enqueue($"{call.Method}({Encoding.UTF8.GetString(call.Arg)})");
        return Task.FromResult(CanisterReply.Ok(Encoding.UTF8.GetBytes($"{call.Method}-reply-{n}")));
    }
}
