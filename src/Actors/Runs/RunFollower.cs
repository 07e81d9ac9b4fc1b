using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>Follows a run hosted by this node: its journaled events first (Akka.Persistence.Query), then the events
/// its entity publishes as they become durable, until RunCompleted; no polling.</summary>
public static class RunFollower
{
    /// <summary>The run's events from the first; ends after RunCompleted; throws <see cref="RunStoppedException"/>
    /// when the run's entity stopped on a journal failure. Cancel <paramref name="cancellationToken"/> to stop following.</summary>
    public static async IAsyncEnumerable<(long Sequence, RunEvent Event)> FollowAsync(ActorSystem system, RunsQuery query, string runId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var live = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var listener = system.ActorOf(Props.Create(() => new Listener(runId, live.Writer)));
        system.EventStream.Subscribe(listener, typeof(RunEventJournaled));
        system.EventStream.Subscribe(listener, typeof(RunStopped));
        try
        {
            long last = 0;
            await foreach (var (sequence, e) in query.EventsAsync(runId, 1, follow: false, cancellationToken))
            {
                last = sequence;
                yield return (sequence, e);
                if (e is RunCompleted) yield break;
            }
            await foreach (var message in live.Reader.ReadAllAsync(cancellationToken))
            {
                if (message is RunStopped stopped) throw new RunStoppedException(stopped.RunId, stopped.Reason);
                var journaled = (RunEventJournaled)message;
                if (journaled.Sequence <= last) continue;
                last = journaled.Sequence;
                yield return (journaled.Sequence, journaled.Event);
                if (journaled.Event is RunCompleted) yield break;
            }
        }
        finally
        {
            system.EventStream.Unsubscribe(listener);
            system.Stop(listener);
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(string runId, ChannelWriter<object> writer)
        {
            Receive<RunEventJournaled>(e => e.RunId == runId, e => writer.TryWrite(e));
            Receive<RunStopped>(e => e.RunId == runId, e => writer.TryWrite(e));
            ReceiveAny(_ => { });
        }
    }
}

/// <summary>A run's entity stopped because its journal failed; the message is one line naming the run and the cause.</summary>
public sealed class RunStoppedException(string runId, string reason) : Exception($"run {runId} stopped: {reason}")
{
    /// <summary>The run.</summary>
    public string RunId { get; } = runId;
}
