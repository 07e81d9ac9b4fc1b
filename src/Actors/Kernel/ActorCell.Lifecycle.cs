namespace PluginHost.Actors.Kernel;

/// <summary>Creating, restarting and stopping the actor instance.</summary>
internal sealed partial class ActorCell
{
    private Exception? _lastFailure;
    private object? _failedMessage;

    /// <summary>Creates a fresh instance and runs PreStart (or PostRestart after a failure).</summary>
    private async Task CreateInstanceAsync(Exception? restartCause)
    {
        _suspended = false;
        try
        {
            Actor actor;
            _constructing = this;
            try
            {
                actor = _props.Factory() ?? throw new InvalidOperationException($"Props factory of {Self.Path} returned null");
            }
            finally
            {
                _constructing = null;
            }

            if (actor.Context != Context)
            {
                throw new InvalidOperationException($"Props factory of {Self.Path} must return a new instance on every call");
            }

            _actor = actor;
            if (restartCause is null)
            {
                await actor.PreStartAsync();
            }
            else
            {
                await actor.PostRestartAsync(restartCause);
            }
        }
        catch (Exception error)
        {
            HandleFailure(error, envelope: null);
        }
    }

    /// <summary>Replaces the failed instance: PreRestart on the old one, then a new one.</summary>
    private async Task RestartAsync(Exception cause)
    {
        var old = _actor;
        _actor = null;
        if (old is not null)
        {
            try
            {
                await old.PreRestartAsync(cause, _failedMessage);
            }
            catch (Exception error)
            {
                System.PublishFailure(new ActorFailure(Self, error, Directive.Restart, RestartCount, TimeSpan.Zero));
            }
        }

        _failedMessage = null;
        await CreateInstanceAsync(cause);
        if (!_suspended)
        {
            SettleEscalated(restarted: true);
        }
    }

    /// <summary>Closes the mailbox; an immediate stop also stops children now, a draining one resumes a failed instance to drain.</summary>
    private async Task BeginStopAsync(bool drain)
    {
        if (_stopping == StopMode.Immediate || (_stopping == StopMode.Drain && drain))
        {
            return;
        }

        _stopping = drain ? StopMode.Drain : StopMode.Immediate;
        _closed = true;
        _mailbox.Writer.TryComplete();
        if (!drain)
        {
            StopChildren(drain: false, includeDying: true);
        }
        else if (_actor is null)
        {
            await CreateInstanceAsync(_lastFailure); // failure while draining is only reported, so this cannot suspend
        }
        else
        {
            _suspended = false; // a failed instance awaiting its restart drains what it accepted
        }
    }

    /// <summary>True once the mailbox is drained (when draining) and every child has stopped.</summary>
    private bool ReadyToFinish()
    {
        if (_stopping == StopMode.Drain && CanProcessUser && !_mailbox.Reader.Completion.IsCompleted)
        {
            return false;
        }

        return StopChildren(_stopping == StopMode.Drain, includeDying: false);
    }

    /// <summary>Dead-letters what is left, runs PostStop, notifies watchers and the parent; never throws.</summary>
    private async Task FinishAsync()
    {
        try
        {
            _closed = true;
            _mailbox.Writer.TryComplete();
            while (_mailbox.Reader.TryRead(out var envelope))
            {
                System.PublishDeadLetter(envelope, Self);
            }

            if (_actor is not null)
            {
                try
                {
                    await _actor.PostStopAsync();
                }
                catch (Exception error)
                {
                    System.PublishFailure(new ActorFailure(Self, error, Directive.Stop, 0, TimeSpan.Zero));
                }

                _actor = null;
            }

            FinishDeathWatch();
            Parent?.SendSystem(new ChildTerminated(this));
        }
        catch (Exception error)
        {
            ReportKernelError(error);
        }
        finally
        {
            _terminated.TrySetResult();
        }
    }
}
