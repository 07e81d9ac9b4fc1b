using PluginHost.Plugins.Icp;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>The per-step call journal: new calls journaled before their reply is returned, calls journaled as done
/// replayed without sending, a differing retry stopped.</summary>
public sealed class JournaledGatewayTests
{
    private static CanisterCall Call(string arg, string method = "store") => new("aaaaa-aa", method, System.Text.Encoding.UTF8.GetBytes(arg), false, 5);

    [Fact]
    public async Task A_first_attempt_sends_every_call_and_journals_it_before_the_reply_returns()
    {
        var calls = new RecordedCalls(("aaaaa-aa", "store", CanisterReply.Ok([1, 2])), ("aaaaa-aa", "fail", CanisterReply.Fail("rejected")));
        var journal = new List<JournaledCall>();
        var gateway = new JournaledGateway(calls.Gateway, [], c => { journal.Add(c); return Task.CompletedTask; });

        Assert.Equal([1, 2], (await gateway.CallAsync(Call("x"), default)).Reply);
        Assert.Single(journal);
        Assert.Equal("rejected", (await gateway.CallAsync(Call("y", "fail"), default)).Error);

        Assert.Equal(2, calls.Calls.Count);
        Assert.Equal([0, 1], journal.Select(c => c.Index));
        Assert.Equal("0102", journal[0].ReplyHex);
        Assert.Equal("rejected", journal[1].Error);
        Assert.Equal(journal[0], JournaledCall.Parse(journal[0].ToJson()));
        Assert.Equal((2, 0), (gateway.Sent, gateway.Replayed));
    }

    [Fact]
    public async Task A_retry_replays_the_calls_journaled_as_done_and_sends_the_rest()
    {
        var calls = new RecordedCalls(("aaaaa-aa", "store", CanisterReply.Ok([9])));
        var earlier = new[]
        {
            JournaledCall.Of(0, Call("x"), CanisterReply.Ok([7])),
            JournaledCall.Of(1, Call("y", "fail"), CanisterReply.Fail("rejected before")),
        };
        var journal = new List<JournaledCall>();
        var gateway = new JournaledGateway(calls.Gateway, earlier.Select(c => JournaledCall.Parse(c.ToJson())), c => { journal.Add(c); return Task.CompletedTask; });

        Assert.Equal([7], (await gateway.CallAsync(Call("x"), default)).Reply);
        Assert.Equal("rejected before", (await gateway.CallAsync(Call("y", "fail"), default)).Error);
        Assert.Empty(calls.Calls);
        Assert.Equal([9], (await gateway.CallAsync(Call("z"), default)).Reply);

        Assert.Equal("z", System.Text.Encoding.UTF8.GetString(Assert.Single(calls.Calls).Arg));
        Assert.Equal(2, Assert.Single(journal).Index);
        Assert.Equal((1, 2), (gateway.Sent, gateway.Replayed));
        Assert.Null(gateway.Divergence);
    }

    [Fact]
    public async Task A_retry_whose_call_differs_from_the_journaled_one_sends_nothing_and_says_why()
    {
        var calls = new RecordedCalls(("aaaaa-aa", "store", CanisterReply.Ok([9])));
        var gateway = new JournaledGateway(calls.Gateway, [JournaledCall.Of(0, Call("x"), CanisterReply.Ok([7]))], _ => Task.CompletedTask);

        var reply = await gateway.CallAsync(Call("other"), default);
        Assert.NotNull(reply.Error);
        Assert.Contains("differs from the call #0 update aaaaa-aa.store", gateway.Divergence);
        Assert.NotNull((await gateway.CallAsync(Call("z"), default)).Error);
        Assert.Empty(calls.Calls);
    }
}
