using BenchmarkDotNet.Attributes;
using PluginHost.Actors.Kernel;

namespace PluginHost.Bench.Actors;

/// <summary>Throughput of the actor kernel: one-way tells through a bounded mailbox and ask round trips.</summary>
[MemoryDiagnoser]
public class ActorKernelBenchmarks
{
    private const int Messages = 100_000;
    private ActorSystem _system = null!;
    private ActorRef _pooled = null!;
    private ActorRef _dedicated = null!;
    private TaskCompletionSource _done = new();

    /// <summary>Starts a system with a counting actor on the pool and one on a dedicated thread.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _system = new ActorSystem("bench");
        _pooled = _system.ActorOf(new Props(() => new Counter(this)) { MailboxCapacity = 1000 }, "pooled");
        _dedicated = _system.ActorOf(new Props(() => new Counter(this)) { MailboxCapacity = 1000, DedicatedThread = true }, "dedicated");
    }

    /// <summary>Shuts the system down.</summary>
    [GlobalCleanup]
    public Task Cleanup() => _system.ShutdownAsync();

    /// <summary>100k TellAsync to a thread-pool actor, until the last is handled.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task TellPooled() => TellAll(_pooled);

    /// <summary>100k TellAsync to a dedicated-thread actor, until the last is handled.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task TellDedicated() => TellAll(_dedicated);

    /// <summary>One ask round trip to a thread-pool actor.</summary>
    [Benchmark]
    public Task<int> AskPooled() => _pooled.Ask<int>(-1, TimeSpan.FromSeconds(10));

    private async Task TellAll(ActorRef target)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (int i = 1; i < Messages; i++)
        {
            await target.TellAsync(i);
        }

        await target.TellAsync(0); // 0 marks the end
        await _done.Task;
    }

    /// <summary>Completes the benchmark's signal on 0 and answers asks (-1) with 1.</summary>
    private sealed class Counter(ActorKernelBenchmarks owner) : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            switch ((int)message)
            {
                case 0:
                    owner._done.SetResult();
                    break;
                case -1:
                    Sender.Tell(1);
                    break;
            }

            return Task.CompletedTask;
        }
    }
}
