using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class SchedulerTests
{
    [Fact]
    public async Task ScheduleTellOnceDeliversWithTheGivenSender()
    {
        await using var system = new ActorSystem("scheduler");
        var probe = new Probe(system);
        var sender = new Probe(system);

        var handle = system.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(5), probe.Ref, "tick", sender.Ref);

        var received = await probe.NextAsync();
        Assert.Equal("tick", received.Message);
        Assert.Equal(sender.Ref, received.Sender);
        Assert.True(handle.IsCancellationRequested); // spent
    }

    [Fact]
    public async Task ScheduleTellRepeatedlyDeliversUntilCanceled()
    {
        await using var system = new ActorSystem("scheduler");
        var probe = new Probe(system);

        var handle = system.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(2), probe.Ref, "tick");
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("tick", await probe.ExpectAsync<string>());
        }

        handle.Cancel();

        Assert.True(handle.IsCancellationRequested);
    }

    [Fact]
    public async Task CanceledOnceScheduleIsNeverDelivered()
    {
        await using var system = new ActorSystem("scheduler");
        var probe = new Probe(system);

        var canceled = system.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), probe.Ref, "canceled");
        canceled.Cancel();
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(200), probe.Ref, "marker");

        Assert.Equal("marker", await probe.ExpectAsync<string>()); // the canceled one was due long before
    }

    [Fact]
    public async Task ShutdownCancelsPendingSchedules()
    {
        var system = new ActorSystem("scheduler");
        var probe = new Probe(system);
        var repeating = system.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromHours(1), TimeSpan.FromHours(1), probe.Ref, "never");

        await system.DisposeAsync();

        Assert.True(repeating.IsCancellationRequested);
        Assert.True(system.Scheduler.ScheduleTellOnce(TimeSpan.Zero, probe.Ref, "late").IsCancellationRequested);
    }

    [Fact]
    public async Task ScheduledTellToAFullMailboxBecomesADeadLetter()
    {
        await using var system = new ActorSystem("scheduler");
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letter = new TaskCompletionSource<DeadLetter>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.DeadLetterPublished += d => letter.TrySetResult(d);
        var actor = system.ActorOf(FuncActor.Props(async (_, _) =>
        {
            busy.TrySetResult();
            await gate.Task;
        }) with { MailboxCapacity = 1 });
        actor.Tell(1);
        await busy.Task.WaitAsync(Probe.Timeout);
        actor.Tell(2);

        system.Scheduler.ScheduleTellOnce(TimeSpan.Zero, actor, "scheduled");

        Assert.Equal("scheduled", (await letter.Task.WaitAsync(Probe.Timeout)).Message);
        gate.SetResult();
    }

    [Fact]
    public async Task NegativeDelaysAreRejected()
    {
        await using var system = new ActorSystem("scheduler");
        var probe = new Probe(system);

        Assert.Throws<ArgumentOutOfRangeException>(() => system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(-1), probe.Ref, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => system.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.Zero, probe.Ref, "x"));
    }
}
