namespace PluginHost.Actors.Kernel;

/// <summary>The message loop. Awaits here deliberately keep the synchronization context, so a dedicated-thread actor stays on its thread.</summary>
internal sealed partial class ActorCell
{
    private const int MessagesPerYield = 64;

    private Actor? _actor;
    private Envelope? _current;
    private bool _suspended;
    private StopMode _stopping;
    private Task<bool>? _systemWait;
    private Task<bool>? _userWait;
    private int _sinceYield;

    private enum StopMode
    {
        None,
        Drain,
        Immediate,
    }

    /// <summary>Sender of the message being handled.</summary>
    internal ActorRef? CurrentSender => _current?.Sender;

    /// <summary>True when user messages may be handled now.</summary>
    private bool CanProcessUser => _actor is not null && !_suspended && _stopping != StopMode.Immediate;

    /// <summary>Runs the actor from creation to termination; never throws.</summary>
    private async Task RunAsync()
    {
        Running.Value = this;
        try
        {
            await CreateInstanceAsync(restartCause: null);
            while (true)
            {
                if (_systemQueue.Reader.TryRead(out var control))
                {
                    await HandleSystemAsync(control);
                }
                else if (CanProcessUser && _mailbox.Reader.TryRead(out var envelope))
                {
                    await InvokeAsync(envelope);
                    if (++_sinceYield >= MessagesPerYield)
                    {
                        _sinceYield = 0;
                        await Task.Yield(); // let other actors sharing the pool run
                    }
                }
                else if (_stopping != StopMode.None && ReadyToFinish())
                {
                    break;
                }
                else
                {
                    await WaitForWorkAsync();
                }
            }
        }
        catch (Exception error)
        {
            ReportKernelError(error);
            StopChildren(drain: false, includeDying: true);
        }

        await FinishAsync();
    }

    /// <summary>Hands one user message to the instance; a throw goes to supervision.</summary>
    private async Task InvokeAsync(Envelope envelope)
    {
        object message = envelope.Message;
        if (message is DeathWatchNotification notification)
        {
            if (!_watching.Remove(notification.Actor))
            {
                return; // unwatched meanwhile
            }

            message = new Terminated(notification.Actor);
        }

        _current = envelope;
        try
        {
            await _actor!.ReceiveAsync(message);
        }
        catch (Exception error)
        {
            HandleFailure(error, envelope);
        }
        finally
        {
            _current = null;
        }
    }

    /// <summary>Handles one control message.</summary>
    private async Task HandleSystemAsync(SystemMessage message)
    {
        switch (message)
        {
            case Failed failed:
                Supervise(failed.Child, failed.Cause);
                break;
            case ResumeActor when _suspended && _stopping == StopMode.None:
                if (_actor is null)
                {
                    await RestartAsync(_lastFailure!);
                }
                else
                {
                    _suspended = false;
                    SettleEscalated(restarted: false);
                }

                break;
            case RestartActor restart when (_suspended || _actor is null) && _stopping == StopMode.None:
                await RestartAsync(restart.Cause);
                break;
            case StopActor stop:
                await BeginStopAsync(stop.Drain);
                break;
            case WatchActor watch when watch.Watcher != this:
                _watchers.Add(watch.Watcher);
                break;
            case UnwatchActor unwatch:
                _watchers.Remove(unwatch.Watcher);
                break;
            case ChildTerminated terminated:
                OnChildTerminated(terminated.Child);
                break;
        }
    }

    /// <summary>Waits until a control message, or a user message that may be handled now, is available.</summary>
    private async Task WaitForWorkAsync()
    {
        _systemWait ??= _systemQueue.Reader.WaitToReadAsync().AsTask();
        if (CanProcessUser && !_mailbox.Reader.Completion.IsCompleted)
        {
            _userWait ??= _mailbox.Reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(_systemWait, _userWait);
        }
        else
        {
            await _systemWait;
        }

        if (_systemWait.IsCompleted)
        {
            _systemWait = null;
        }

        if (_userWait is { IsCompleted: true })
        {
            _userWait = null;
        }
    }
}
