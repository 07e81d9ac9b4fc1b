namespace PluginHost.Plugins.Icp;

/// <summary>The gateway of one attempt of one sync step: numbers the step's calls, answers a call already journaled as
/// done (by an earlier attempt) from the journal without sending it again, and journals every new call durably before
/// the plugin sees its reply.</summary>
/// <remarks>
/// Guarantee: a call journaled as done is never sent again by a retry of its step. A call sent but not yet journaled
/// when the process died is sent again (at least once). A retry is expected to make the same calls in the same order;
/// when call #i differs from the journaled call #i, nothing is sent, the plugin gets an error, and
/// <see cref="Divergence"/> says why (the step must then fail).
/// </remarks>
public sealed class JournaledGateway : ICanisterGateway
{
    private readonly ICanisterGateway _inner;
    private readonly IReadOnlyDictionary<int, JournaledCall> _earlier;
    private readonly Func<JournaledCall, Task> _record;
    private int _next;

    /// <summary>Creates the gateway over <paramref name="inner"/>, with the calls earlier attempts journaled and the durable journal write.</summary>
    public JournaledGateway(ICanisterGateway inner, IEnumerable<JournaledCall> earlier, Func<JournaledCall, Task> record)
    {
        _inner = inner;
        _earlier = earlier.GroupBy(c => c.Index).ToDictionary(g => g.Key, g => g.OrderBy(c => c.IsPending).First());
        _record = record;
    }

    /// <summary>Calls answered from the journal.</summary>
    public int Replayed { get; private set; }

    /// <summary>Calls sent by an earlier attempt whose outcome was fetched by polling their request id.</summary>
    public int Resumed { get; private set; }

    /// <summary>Calls sent through the inner gateway.</summary>
    public int Sent { get; private set; }

    /// <summary>Why a retry stopped replaying (a call differing from the journaled one), or null.</summary>
    public string? Divergence { get; private set; }

    /// <inheritdoc />
    public async Task<CanisterReply> CallAsync(CanisterCall call, CancellationToken cancellationToken)
    {
        if (Divergence is not null) return CanisterReply.Fail(Divergence);
        var index = _next++;
        if (_earlier.TryGetValue(index, out var done))
        {
            if (!done.Matches(call))
            {
                var sent = JournaledCall.Of(index, call, CanisterReply.Fail(""));
                Divergence = $"canister call {sent} differs from the call {done} journaled as done by an earlier attempt of this step; not sending it";
                return CanisterReply.Fail(Divergence);
            }
            if (done.IsPending && done.RequestIdHex is { } sentAs && _inner is IResumableGateway resumable)
            {
                Resumed++;
                var outcome = await resumable.ResumeAsync(call, Convert.FromHexString(sentAs), cancellationToken).ConfigureAwait(false);
                await _record(JournaledCall.Of(index, call, outcome) with { RequestIdHex = sentAs }).ConfigureAwait(false);
                return outcome;
            }
            if (!done.IsPending)
            {
                Replayed++;
                return done.Reply;
            }
        }
        string? requestId = null;
        var reply = _inner is IResumableGateway r && !call.IsQuery
            ? await r.CallAsync(call, id =>
            {
                requestId = Convert.ToHexStringLower(id);
                return _record(JournaledCall.Sending(index, call, id));
            }, cancellationToken).ConfigureAwait(false)
            : await _inner.CallAsync(call, cancellationToken).ConfigureAwait(false);
        Sent++;
        await _record(JournaledCall.Of(index, call, reply) with { RequestIdHex = requestId }).ConfigureAwait(false);
        return reply;
    }
}
