using System.Collections.Concurrent;
using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class MailboxTests
{
    [Fact]
    public async Task FullMailboxMakesTellThrowAndTellAsyncWait()
    {
        await using var system = new ActorSystem("mailbox");
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentQueue<object>();
        var actor = system.ActorOf(FuncActor.Props(async (context, message) =>
        {
            seen.Enqueue(message);
            if (message is "first")
            {
                busy.SetResult();
                await gate.Task;
            }
            else if (message is "last")
            {
                context.Sender.Tell("done");
            }
        }) with { MailboxCapacity = 2 }, "small");

        actor.Tell("first");
        await busy.Task.WaitAsync(Probe.Timeout); // "first" left the mailbox and is being handled
        actor.Tell("second");
        actor.Tell("third");
        var full = Assert.Throws<MailboxFullException>(() => actor.Tell("rejected"));
        var waiting = actor.TellAsync("fourth").AsTask();
        Assert.False(waiting.IsCompleted);

        gate.SetResult();
        await waiting.WaitAsync(Probe.Timeout);
        Assert.Equal("done", await actor.Ask<string>("last", Probe.Timeout));

        Assert.Equal(["first", "second", "third", "fourth", "last"], seen);
        Assert.Equal("/user/small", full.Path);
        Assert.Equal(2, full.Capacity);
    }

    [Fact]
    public async Task TellAsyncWaitingForSpaceCanBeCanceled()
    {
        await using var system = new ActorSystem("mailbox");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = system.ActorOf(FuncActor.Props(async (_, _) =>
        {
            busy.TrySetResult();
            await gate.Task;
        }) with { MailboxCapacity = 1 });
        actor.Tell(1);
        await busy.Task.WaitAsync(Probe.Timeout);
        actor.Tell(2);
        using var cancel = new CancellationTokenSource();

        var waiting = actor.TellAsync(3, cancellationToken: cancel.Token).AsTask();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.SetResult();
    }

    [Fact]
    public async Task MessagesToAStoppedActorArePublishedAsDeadLetters()
    {
        await using var system = new ActorSystem("mailbox");
        var letters = new ConcurrentQueue<DeadLetter>();
        system.DeadLetterPublished += letters.Enqueue;
        var sender = new Probe(system);
        var actor = system.ActorOf(FuncActor.Props((_, _) => { }), "gone");
        await system.StopAsync(actor);

        actor.Tell("hello", sender.Ref);

        var letter = Assert.Single(letters);
        Assert.Equal(new DeadLetter("hello", sender.Ref, actor), letter);
        Assert.Equal(1, system.DeadLetterCount);
    }

    [Fact]
    public async Task PendingMessagesOfAStoppedActorBecomeDeadLettersAndRepliesToNoSenderToo()
    {
        await using var system = new ActorSystem("mailbox");
        var letters = new ConcurrentQueue<DeadLetter>();
        system.DeadLetterPublished += letters.Enqueue;
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = system.ActorOf(FuncActor.Props(async (context, message) =>
        {
            context.Sender.Tell("reply to nobody");
            busy.TrySetResult();
            await gate.Task;
        }), "stopping");
        actor.Tell("first");
        await busy.Task.WaitAsync(Probe.Timeout);
        actor.Tell("pending 1");
        actor.Tell("pending 2");

        var stopped = system.StopAsync(actor);
        gate.SetResult();
        await stopped.WaitAsync(Probe.Timeout);

        Assert.Equal(["reply to nobody", "pending 1", "pending 2"], letters.Select(l => l.Message));
        Assert.Equal(system.DeadLetters, letters.First().Recipient);
    }
}
