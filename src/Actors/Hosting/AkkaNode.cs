using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;

namespace PluginHost.Actors.Hosting;

/// <summary>A running node (embedded or cluster member): its actor system with the run shard region, and the seams
/// the CLI and the HTTP API use: submit, resume, status, drain and <see cref="Query"/>.</summary>
public sealed class AkkaNode : IAsyncDisposable
{
    private readonly IHost _host;

    private AkkaNode(IHost host, RunServices services, TimeSpan startup)
    {
        _host = host;
        Services = services;
        StartupTime = startup;
        System = host.Services.GetRequiredService<ActorSystem>();
        var registry = host.Services.GetRequiredService<IActorRegistry>();
        Region = registry.Get<RunRegion>();
        Broker = registry.Get<RunnerBroker>();
        Query = new RunsQuery(System);
    }

    /// <summary>The actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The run shard region (send <see cref="IRunCommand"/>s to it).</summary>
    public IActorRef Region { get; }

    /// <summary>The node's runner broker.</summary>
    public IActorRef Broker { get; }

    /// <summary>Executors, clock and abort signal shared by entities and runners.</summary>
    public RunServices Services { get; }

    /// <summary>Runs list and run events.</summary>
    public RunsQuery Query { get; }

    /// <summary>How long start-up took (host built to cluster member up).</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Starts a node; throws <see cref="StoreException"/> (one line) when the store cannot be used.</summary>
    public static Task<AkkaNode> StartAsync(AkkaNodeSettings settings, StepExecutorRegistry executors, CancellationToken cancellationToken = default) =>
        StartAsync(settings, executors, null, cancellationToken);

    /// <summary>Starts a node whose run entities tell <paramref name="items"/> when items start and end.</summary>
    public static async Task<AkkaNode> StartAsync(AkkaNodeSettings settings, StepExecutorRegistry executors, IItemObserver? items,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var services = new RunServices(executors)
        {
            MaxItemsInFlight = Math.Max(64, settings.Runners * 32),
            ClusterDispatch = true,
            Role = settings.Roles.Count > 0 ? settings.Roles[0] : null,
            Items = items,
        };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        // The journal's first query (connection, table check, query compilation, JIT) starts with the actor system and
        // runs while the cluster forms, instead of in the first run's submit.
        var warm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        builder.Services.AddAkka(settings.SystemName, akka => akka.AddPluginHostNode(settings, services, warm));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            // Akka retries the seeds until the join timeout; the console gets one line that it does, not each attempt.
            var joining = Stopwatch.StartNew();
            var notice = TimeSpan.FromSeconds(Math.Min(5, settings.JoinTimeout.TotalSeconds));
            if (settings.Seeds.Count > 0 && await Task.WhenAny(up.Task, Task.Delay(notice, cancellationToken)) != up.Task &&
                !cancellationToken.IsCancellationRequested)
                Serilog.Log.Warning("{Notice}", $"no seed node answers yet ({string.Join(", ", settings.Seeds)}): retrying for up to " +
                                                $"{settings.JoinTimeout.TotalSeconds:0} s; check that a seed is running and reachable on its remoting port");
            var left = settings.JoinTimeout - joining.Elapsed;
            await up.Task.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            if (e is OperationCanceledException) throw;
            throw new StoreException(settings.Seeds.Count == 0
                ? $"the node did not come up within {settings.JoinTimeout.TotalSeconds:0} s"
                : $"could not join the cluster through the seed nodes {string.Join(", ", settings.Seeds)} within {settings.JoinTimeout.TotalSeconds:0} s: " +
                  "check that a seed is running and reachable on its remoting port (--seed, $PLUGINHOST_SEEDS or --discovery)");
        }
        // Best effort: a store that fails here fails the same way for the first run, which reports it.
        try { await warm.Task.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { }
        // The embedded node hosts the coordinator itself: ready once its region is registered, so the first submit
        // is not buffered until the region's next registration retry. (A cluster member's coordinator may be on a
        // member that is down; the member serves its API meanwhile.)
        if (!settings.ClusterMember)
            await ShardRegionReady.WaitAsync(host.Services.GetRequiredService<IActorRegistry>().Get<RunRegion>(), TimeSpan.FromSeconds(15), cancellationToken);
        return new AkkaNode(host, services, clock.Elapsed);
    }

    /// <summary>Submits a run: <see cref="RunSubmitted"/> once RunAccepted and ItemScheduled are durable, or <see cref="RunRejected"/>.</summary>
    public Task<object> SubmitAsync(PluginHost.Shared.Runs.RunSpec spec, CancellationToken cancellationToken = default) =>
        Region.Ask<object>(new SubmitRun(spec), TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Resumes a run: <see cref="RunResumed"/> or <see cref="RunRejected"/>.</summary>
    public Task<object> ResumeAsync(string runId, CancellationToken cancellationToken = default) =>
        Region.Ask<object>(new ResumeRun(runId), TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>A run's status from its entity.</summary>
    public Task<RunStatus> StatusAsync(string runId, CancellationToken cancellationToken = default) =>
        Region.Ask<RunStatus>(new GetRunStatus(runId), TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>A run's events from the first, then live ones as they become durable, until RunCompleted; throws
    /// <see cref="RunStoppedException"/> when the run's entity stopped on a journal failure. Only for runs hosted by
    /// this node (elsewhere, use <see cref="RunsQuery.EventsAsync"/> with follow, which polls the journal).</summary>
    public IAsyncEnumerable<(long Sequence, PluginHost.Shared.Runs.RunEvent Event)> FollowAsync(string runId, CancellationToken cancellationToken = default) =>
        RunFollower.FollowAsync(System, Query, runId, cancellationToken);

    /// <summary>The cluster membership of the node.</summary>
    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <summary>How busy the runners of the member at <paramref name="member"/> are (asks its broker).</summary>
    public Task<RunnerLoad> RunnerLoadAsync(Address member, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        System.ActorSelection(new RootActorPath(member) / "user" / RunnerBroker.ActorName)
            .Ask<RunnerLoad>(new GetRunnerLoad(), timeout, cancellationToken);

    /// <summary>How busy the node's runners are.</summary>
    public Task<RunnerLoad> RunnerLoadAsync(CancellationToken cancellationToken = default) =>
        Broker.Ask<RunnerLoad>(new GetRunnerLoad(), TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>True once <see cref="StopAdmission"/> (or a drain) was called.</summary>
    public bool IsDraining { get; private set; }

    /// <summary>Stops starting steps (queued ones never start; they run again on resume); running steps go on.</summary>
    public void StopAdmission()
    {
        IsDraining = true;
        Broker.Tell(new StopAdmission());
    }

    /// <summary>Cancels running steps at once (drain timeout, second signal).</summary>
    public void Abort() => Services.Abort.Cancel();

    /// <summary>Drains the node: no step starts any more, running steps get <paramref name="timeout"/> to finish, then
    /// they are cancelled (<see cref="Abort"/>); completes once no runner is busy. True when they finished in time.
    /// The entities journal what their steps returned right after; <see cref="StatusAsync"/> answers once that is durable.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        StopAdmission();
        var deadline = DateTime.UtcNow + timeout;
        var inTime = true;
        while ((await RunnerLoadAsync()).Busy > 0)
        {
            if (inTime && DateTime.UtcNow >= deadline)
            {
                inTime = false;
                Abort();
            }
            await Task.Delay(20);
        }
        return inTime;
    }

    /// <summary>Stops the node (coordinated shutdown: leaves the cluster, stops the shards).</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
