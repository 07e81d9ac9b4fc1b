using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class OrderingTests
{
    private const int PerSender = 10_000;

    private sealed record Seq(int Sender, int Number);

    [Fact]
    public async Task TenThousandMessagesPerExternalSenderArriveInOrderThroughASmallMailbox()
    {
        await using var system = new ActorSystem("ordering");
        const int senders = 4;
        var next = new int[senders];
        int outOfOrder = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int total = 0;
        var receiver = system.ActorOf(FuncActor.Props((_, message) =>
        {
            var seq = (Seq)message;
            if (seq.Number != next[seq.Sender]++)
            {
                outOfOrder++;
            }

            if (++total == senders * PerSender)
            {
                done.SetResult();
            }
        }) with { MailboxCapacity = 64 });

        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (int i = 0; i < PerSender; i++)
            {
                await receiver.TellAsync(new Seq(s, i));
            }
        })));
        await done.Task.WaitAsync(Probe.Timeout);

        Assert.Equal(0, outOfOrder);
        Assert.All(next, n => Assert.Equal(PerSender, n));
    }

    [Fact]
    public async Task TenThousandMessagesPerActorSenderArriveInOrderWithImplicitSender()
    {
        await using var system = new ActorSystem("ordering");
        var next = new Dictionary<ActorRef, int>();
        int outOfOrder = 0, total = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = system.ActorOf(FuncActor.Props((context, message) =>
        {
            next.TryGetValue(context.Sender, out int expected);
            if ((int)message != expected)
            {
                outOfOrder++;
            }

            next[context.Sender] = expected + 1;
            if (++total == 3 * PerSender)
            {
                done.SetResult();
            }
        }) with { MailboxCapacity = 100 });
        var senders = Enumerable.Range(0, 3).Select(i => system.ActorOf(FuncActor.Props(async (_, _) =>
        {
            for (int n = 0; n < PerSender; n++)
            {
                await receiver.TellAsync(n); // sender defaults to the calling actor
            }
        }), "sender-" + i)).ToList();

        senders.ForEach(s => s.Tell("go"));
        await done.Task.WaitAsync(Probe.Timeout);

        Assert.Equal(0, outOfOrder);
        Assert.Equal(3, next.Count);
        Assert.All(senders, s => Assert.Equal(PerSender, next[s]));
    }
}
