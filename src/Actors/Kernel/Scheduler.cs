using System.Collections.Concurrent;

namespace PluginHost.Actors.Kernel;

/// <summary>Delivers messages later or periodically. Stopped (all pending deliveries canceled) when the system shuts down.</summary>
public sealed class Scheduler : IDisposable
{
    private readonly ActorSystem _system;
    private readonly ConcurrentDictionary<Cancelable, byte> _pending = new();
    private volatile bool _stopped;

    /// <summary>Creates the scheduler of <paramref name="system"/>.</summary>
    internal Scheduler(ActorSystem system) => _system = system;

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> once after <paramref name="delay"/>.</summary>
    public Cancelable ScheduleTellOnce(TimeSpan delay, ActorRef target, object message, ActorRef? sender = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Schedule(delay, Timeout.InfiniteTimeSpan, Deliverer(target, message, sender), once: true);
    }

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    public Cancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ActorRef target, object message, ActorRef? sender = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, interval, Deliverer(target, message, sender), once: false);
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();

    /// <summary>Sends a control message after <paramref name="delay"/>; immediately when the delay is zero or the scheduler has stopped.</summary>
    internal void ScheduleSystem(TimeSpan delay, ActorCell target, SystemMessage message)
    {
        if (delay <= TimeSpan.Zero || _stopped)
        {
            target.SendSystem(message);
            return;
        }

        Schedule(delay, Timeout.InfiniteTimeSpan, () => target.SendSystem(message), once: true);
    }

    /// <summary>Cancels everything pending; later schedules are returned already canceled.</summary>
    internal void Stop()
    {
        _stopped = true;
        foreach (var handle in _pending.Keys)
        {
            handle.Cancel();
        }
    }

    private Cancelable Schedule(TimeSpan delay, TimeSpan period, Action action, bool once)
    {
        var handle = new Cancelable(action, once, h => _pending.TryRemove(h, out _));
        if (_stopped)
        {
            handle.Cancel();
            return handle;
        }

        _pending.TryAdd(handle, 0);
        handle.Arm(delay, period);
        if (_stopped)
        {
            handle.Cancel(); // raced with Stop
        }

        return handle;
    }

    /// <summary>A timer callback telling without throwing: a full mailbox dead-letters the message.</summary>
    private Action Deliverer(ActorRef target, object message, ActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        return () =>
        {
            var envelope = new Envelope(message, sender);
            try
            {
                if (!target.Post(envelope))
                {
                    _system.PublishDeadLetter(envelope, target);
                }
            }
            catch (Exception error)
            {
                _system.PublishFailure(new ActorFailure(target, error, Directive.Resume, 0, TimeSpan.Zero));
            }
        };
    }
}
