using PluginHost.Actors.Journal;

namespace PluginHost.Actors.Cluster;

/// <summary>One node's membership in the cluster, kept in the journal's nodes table: registers, heartbeats on a timer,
/// declares silent peers dead (handing their items back), drains and deregisters.</summary>
public sealed class Membership : IAsyncDisposable
{
    private readonly IJournal journal;
    private readonly Action<string> log;
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;

    /// <summary>Creates the membership of one node; nothing is written until <see cref="StartAsync"/>.</summary>
    public Membership(IJournal journal, MembershipOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.NodeId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.HeartbeatInterval, TimeSpan.Zero);
        if (options.DeadAfter <= options.HeartbeatInterval)
            throw new ArgumentException($"DeadAfter ({options.DeadAfter}) must exceed HeartbeatInterval ({options.HeartbeatInterval})", nameof(options));
        this.journal = journal;
        Options = options;
        this.log = log ?? (_ => { });
    }

    /// <summary>The node's settings.</summary>
    public MembershipOptions Options { get; }

    /// <summary>How many times the node found itself declared dead and registered again.</summary>
    public int Rejoins { get; private set; }

    /// <summary>The ids of the peers this node declared dead, in order.</summary>
    public IReadOnlyList<string> DeclaredDead => declaredDead.ToArray();

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> declaredDead = new();

    /// <summary>Raised (on the heartbeat loop) after this node declared peers dead and handed their items back.</summary>
    public event Action<IReadOnlyList<string>>? PeersDeclaredDead;

    /// <summary>Registers the node as alive and starts the heartbeat loop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (loop is not null) throw new InvalidOperationException($"membership of node '{Options.NodeId}' is already started");
        await journal.RegisterNodeAsync(Options.NodeId, Options.Address, Options.Capacity, cancellationToken);
        loop = Task.Run(() => LoopAsync(stopping.Token));
    }

    /// <summary>Runs one heartbeat and one dead-peer check now (the loop does this every interval).</summary>
    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        if (!await journal.HeartbeatAsync(Options.NodeId, cancellationToken))
        {
            // Declared dead (e.g. after a pause or partition): its leases are gone, so it simply joins again.
            log($"node '{Options.NodeId}' was declared dead by its peers; registering again");
            await journal.RegisterNodeAsync(Options.NodeId, Options.Address, Options.Capacity, cancellationToken);
            Rejoins++;
        }
        var dead = await journal.DeclareDeadNodesAsync(Options.DeadAfter, cancellationToken);
        if (dead.Count == 0) return;
        foreach (var id in dead) declaredDead.Enqueue(id);
        log($"node '{Options.NodeId}' declared dead: {string.Join(", ", dead)} (no heartbeat for {Options.DeadAfter.TotalSeconds:0.#} s); their items are pending again");
        PeersDeclaredDead?.Invoke(dead);
    }

    /// <summary>Marks the node draining: peers see it still alive but it claims nothing new.</summary>
    public Task DrainAsync(CancellationToken cancellationToken = default) =>
        journal.SetNodeStateAsync(Options.NodeId, NodeState.Draining, cancellationToken);

    /// <summary>Stops heartbeating and deregisters the node (state left).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        await StopLoopAsync();
        await journal.SetNodeStateAsync(Options.NodeId, NodeState.Left, cancellationToken);
    }

    /// <summary>Stops the heartbeat loop without deregistering (peers will declare the node dead).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync();
        stopping.Dispose();
    }

    private async Task StopLoopAsync()
    {
        if (!stopping.IsCancellationRequested) await stopping.CancelAsync();
        if (loop is not null)
        {
            try { await loop; } catch (OperationCanceledException) { }
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try { await TickAsync(cancellationToken); }
            catch (JournalException e) { log($"node '{Options.NodeId}': heartbeat failed: {e.Message}"); }
        }
    }
}
