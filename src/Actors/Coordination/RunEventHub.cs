using System.Threading.Channels;
using PluginHost.Actors.Journal;

namespace PluginHost.Actors.Coordination;

/// <summary>Fans a run's journaled entries out to live subscribers, one unbounded channel each.</summary>
public sealed class RunEventHub
{
    private readonly object _gate = new();
    private readonly List<Channel<JournalEntry>> _subscribers = [];
    private bool _completed;

    /// <summary>Adds a subscriber; its channel receives every entry published from now on and completes with the run.</summary>
    public ChannelReader<JournalEntry> Subscribe()
    {
        var channel = Channel.CreateUnbounded<JournalEntry>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
        lock (_gate)
        {
            if (_completed) channel.Writer.TryComplete();
            else _subscribers.Add(channel);
        }
        return channel.Reader;
    }

    /// <summary>Removes a subscriber.</summary>
    public void Unsubscribe(ChannelReader<JournalEntry> reader)
    {
        lock (_gate) _subscribers.RemoveAll(c => c.Reader == reader);
    }

    /// <summary>Delivers entries, in order, to every subscriber.</summary>
    public void Publish(IReadOnlyList<JournalEntry> entries)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
                foreach (var entry in entries)
                    subscriber.Writer.TryWrite(entry);
        }
    }

    /// <summary>Ends every subscription (the run finished or stopped), optionally with an error.</summary>
    public void Complete(Exception? error = null)
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var subscriber in _subscribers) subscriber.Writer.TryComplete(error);
            _subscribers.Clear();
        }
    }
}
