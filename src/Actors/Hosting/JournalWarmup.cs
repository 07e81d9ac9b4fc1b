using Akka.Actor;
using Akka.Persistence;

namespace PluginHost.Actors.Hosting;

/// <summary>Recovers an empty persistence id once at start-up (every node, started with the actor system, in parallel
/// with the cluster join), so the journal's and snapshot store's first query (connection pool, table check, query
/// compilation, JIT) is paid before the node takes runs: the embedded node's first submit does not pay it, and a shard
/// moved here after a member died loads its remembered entities within the shard start timeout on a loaded machine.</summary>
public sealed class JournalWarmup : ReceivePersistentActor
{
    private readonly TaskCompletionSource _done;

    /// <summary>Creates the warm-up of <paramref name="persistenceId"/>, completing <paramref name="done"/>.</summary>
    public JournalWarmup(string persistenceId, TaskCompletionSource done)
    {
        PersistenceId = persistenceId;
        _done = done;
        Recover<RecoveryCompleted>(_ =>
        {
            _done.TrySetResult();
            Context.Stop(Self);
        });
        Recover<object>(_ => { });
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <inheritdoc />
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _done.TrySetException(reason);
        base.OnRecoveryFailure(reason, message);
    }

    /// <summary>Props of a warm-up of <paramref name="persistenceId"/> (one with no events) that completes
    /// <paramref name="done"/> when its recovery is done or failed.</summary>
    public static Props PropsFor(string persistenceId, TaskCompletionSource done) =>
        Props.Create(() => new JournalWarmup(persistenceId, done));
}
