using System.Collections.Concurrent;
using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class SupervisionTests
{
    /// <summary>Shared record of what the instances of one actor did.</summary>
    private sealed class Journal
    {
        public int Instances;
        public ConcurrentQueue<string> Events { get; } = new();
    }

    /// <summary>Counts messages; throws on "boom"; replies "instance/count" to "ask".</summary>
    private sealed class Counter : Actor
    {
        private readonly Journal _journal;
        private readonly int _instance;
        private int _count;

        public Counter(Journal journal)
        {
            _journal = journal;
            _instance = Interlocked.Increment(ref journal.Instances);
        }

        protected override Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case "boom":
                    throw new InvalidOperationException("boom " + _instance);
                case "ask":
                    Sender.Tell($"{_instance}/{_count}");
                    break;
                default:
                    _count++;
                    break;
            }

            return Task.CompletedTask;
        }

        protected override async Task PreRestartAsync(Exception reason, object? message)
        {
            _journal.Events.Enqueue($"pre-restart {_instance}: {reason.Message} while {message}");
            await base.PreRestartAsync(reason, message);
        }

        protected override Task PostRestartAsync(Exception reason)
        {
            _journal.Events.Enqueue($"post-restart {_instance}: {reason.Message}");
            return base.PostRestartAsync(reason);
        }

        protected override Task PostStopAsync()
        {
            _journal.Events.Enqueue($"post-stop {_instance}");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task RestartKeepsTheRefAndMailboxAndProcessesTheNextMessages()
    {
        await using var system = new ActorSystem("supervision", Strategies.Fast());
        var journal = new Journal();
        var counter = system.ActorOf(new Props(() => new Counter(journal)), "counter");
        counter.Tell("x");

        counter.Tell("boom");
        for (int i = 0; i < 5; i++)
        {
            counter.Tell("x"); // queued while the failed actor waits for its restart
        }

        Assert.Equal("2/5", await counter.Ask<string>("ask", Probe.Timeout));
        Assert.Equal(
            ["pre-restart 1: boom 1 while boom", "post-stop 1", "post-restart 2: boom 1"],
            journal.Events.ToArray());
    }

    [Fact]
    public async Task ResumeKeepsTheInstanceAndItsState()
    {
        await using var system = new ActorSystem("supervision", Strategies.Fast(Directive.Resume));
        var journal = new Journal();
        var counter = system.ActorOf(new Props(() => new Counter(journal)), "counter");

        counter.Tell("x");
        counter.Tell("boom");
        counter.Tell("x");

        Assert.Equal("1/2", await counter.Ask<string>("ask", Probe.Timeout));
        Assert.Empty(journal.Events);
    }

    [Fact]
    public async Task BackoffDelaysGrowUpToTheCapThenTheActorStopsAfterMaxRetries()
    {
        var strategy = new SupervisorStrategy
        {
            MinBackoff = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(8),
            RandomFactor = 0,
            MaxRetries = 6,
        };
        await using var system = new ActorSystem("backoff", strategy);
        var failures = new ConcurrentQueue<ActorFailure>();
        system.ActorFailed += failures.Enqueue;
        var journal = new Journal();
        var failing = system.ActorOf(new Props(() => new FailsOnStart(journal)), "failing");

        await WatchAsync(system, failing, new Probe(system));

        var decisions = failures.Where(f => f.Actor == failing).ToList();
        Assert.Equal(
            [Directive.Restart, Directive.Restart, Directive.Restart, Directive.Restart, Directive.Restart, Directive.Restart, Directive.Stop],
            decisions.Select(d => d.Directive));
        Assert.Equal([1, 2, 3, 4, 5, 6, 6], decisions.Select(d => d.Restarts));
        Assert.Equal([1.0, 2, 4, 8, 8, 8], decisions.Take(6).Select(d => d.Delay.TotalMilliseconds));
        Assert.Equal(7, journal.Instances); // the first instance and six restarts
    }

    private sealed class FailsOnStart : Actor
    {
        public FailsOnStart(Journal journal) => Interlocked.Increment(ref journal.Instances);

        protected override Task ReceiveAsync(object message) => Task.CompletedTask;

        protected override Task PreStartAsync() => throw new InvalidOperationException("cannot start");
    }

    /// <summary>Watches <paramref name="target"/> from a fresh actor and waits for its Terminated.</summary>
    private static async Task WatchAsync(ActorSystem system, ActorRef target, Probe probe)
    {
        var watcher = system.ActorOf(FuncActor.Props((context, message) =>
        {
            if (message is Terminated terminated)
            {
                probe.Ref.Tell(terminated);
            }
            else
            {
                context.Watch(target);
            }
        }));
        watcher.Tell("watch");
        var got = await probe.ExpectAsync<Terminated>();
        Assert.Equal(target, got.Actor);
    }

    [Fact]
    public void BackoffDelayDoublesFromMinCapsAtMaxAndAddsBoundedJitter()
    {
        var strategy = new SupervisorStrategy
        {
            MinBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromSeconds(1),
            RandomFactor = 0.5,
        };

        for (int restart = 1; restart <= 40; restart++)
        {
            double expected = Math.Min(1000, 100 * Math.Pow(2, restart - 1));
            double delay = strategy.BackoffDelay(restart).TotalMilliseconds;
            Assert.InRange(delay, expected, expected * 1.5);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => strategy.BackoffDelay(0));
    }

    [Fact]
    public async Task StopDirectiveStopsTheChildAndItsWatcherIsTold()
    {
        await using var system = new ActorSystem("supervision", SupervisorStrategy.Always(Directive.Stop));
        var journal = new Journal();
        var probe = new Probe(system);
        var counter = system.ActorOf(new Props(() => new Counter(journal)), "counter");
        var watcher = system.ActorOf(FuncActor.Props((context, message) =>
        {
            if (message is Terminated t)
            {
                probe.Ref.Tell(t);
            }
            else
            {
                context.Watch(counter);
                context.Sender.Tell("watching");
            }
        }));
        await watcher.Ask<string>("watch", Probe.Timeout);

        counter.Tell("boom");

        Assert.Equal(counter, (await probe.ExpectAsync<Terminated>()).Actor);
        Assert.Equal(["post-stop 1"], journal.Events.ToArray());
        await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Ask<string>("ask", Probe.Timeout));
    }

    /// <summary>Parent whose children escalate; records its restarts and creates one Counter child.</summary>
    private sealed class Parent(Journal journal, Journal childJournal) : Actor
    {
        protected override Task PreStartAsync()
        {
            Context.ActorOf(new Props(() => new Counter(childJournal)), "child");
            return Task.CompletedTask;
        }

        protected override Task ReceiveAsync(object message)
        {
            Sender.Tell(Context.Child("child")!);
            return Task.CompletedTask;
        }

        protected override async Task PreRestartAsync(Exception reason, object? message)
        {
            journal.Events.Enqueue("parent pre-restart: " + reason.Message);
            await base.PreRestartAsync(reason, message);
        }
    }

    [Fact]
    public async Task EscalateFailsTheParentWhichIsRestartedWithAFreshChild()
    {
        await using var system = new ActorSystem("supervision", Strategies.Fast(Directive.Restart));
        var parentJournal = new Journal();
        var childJournal = new Journal();
        var parent = system.ActorOf(
            new Props(() => new Parent(parentJournal, childJournal)) { SupervisorStrategy = Strategies.Fast(Directive.Escalate) },
            "parent");
        var firstChild = await parent.Ask<ActorRef>("child?", Probe.Timeout);

        firstChild.Tell("boom");

        // After the parent's restart a new incarnation of /user/parent/child exists and serves asks.
        ActorRef secondChild;
        do
        {
            secondChild = await parent.Ask<ActorRef>("child?", Probe.Timeout);
        }
        while (secondChild == firstChild);

        Assert.Equal(firstChild.Path, secondChild.Path);
        Assert.Equal("2/0", await secondChild.Ask<string>("ask", Probe.Timeout));
        Assert.Equal(["parent pre-restart: boom 1"], parentJournal.Events.ToArray());
        await WatchAsync(system, firstChild, new Probe(system));
        Assert.Contains("post-stop 1", childJournal.Events); // the failed child was stopped, not restarted
        Assert.DoesNotContain(childJournal.Events, e => e.StartsWith("pre-restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EscalateFromATopLevelActorStopsIt()
    {
        await using var system = new ActorSystem("supervision", Strategies.Fast(Directive.Escalate));
        var journal = new Journal();
        var counter = system.ActorOf(new Props(() => new Counter(journal)), "counter");
        var probe = new Probe(system);
        var watcher = system.ActorOf(FuncActor.Props((context, message) =>
        {
            if (message is Terminated t)
            {
                probe.Ref.Tell(t);
            }
            else
            {
                context.Watch(counter);
                context.Sender.Tell("watching");
            }
        }));
        await watcher.Ask<string>("watch", Probe.Timeout);

        counter.Tell("boom");

        Assert.Equal(counter, (await probe.ExpectAsync<Terminated>()).Actor);
    }

    [Fact]
    public async Task InvalidPropsAreRejectedNamingTheFieldAndPath()
    {
        await using var system = new ActorSystem("supervision");

        var capacity = Assert.Throws<ArgumentException>(() =>
            system.ActorOf(FuncActor.Props((_, _) => { }) with { MailboxCapacity = 0 }, "bad"));
        var backoff = Assert.Throws<ArgumentException>(() =>
            system.ActorOf(FuncActor.Props((_, _) => { }) with
            {
                SupervisorStrategy = new SupervisorStrategy { MinBackoff = TimeSpan.FromSeconds(2), MaxBackoff = TimeSpan.FromSeconds(1) },
            }, "bad"));

        Assert.Contains("/user/bad", capacity.Message);
        Assert.Contains("MailboxCapacity", capacity.Message);
        Assert.Contains("MaxBackoff", backoff.Message);
    }
}
