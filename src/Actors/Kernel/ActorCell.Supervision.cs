namespace PluginHost.Actors.Kernel;

/// <summary>Failure handling: a failing actor suspends and asks its parent; the parent applies its strategy.</summary>
internal sealed partial class ActorCell
{
    private readonly HashSet<ActorCell> _escalated = [];

    /// <summary>This actor's handler or hook threw: fault a pending ask, then suspend and ask the parent.</summary>
    private void HandleFailure(Exception cause, Envelope? envelope)
    {
        if (envelope?.Sender is PromiseActorRef promise)
        {
            promise.Fail(cause);
        }

        if (_stopping != StopMode.None || Parent is null)
        {
            // Stopping anyway: report and carry on draining.
            System.PublishFailure(new ActorFailure(Self, cause, Directive.Resume, 0, TimeSpan.Zero));
            return;
        }

        _lastFailure = cause;
        _failedMessage = envelope?.Message;
        if (!_suspended)
        {
            _suspended = true;
            Parent.SendSystem(new Failed(this, cause));
        }
    }

    /// <summary>Decides for a failed child with this actor's strategy.</summary>
    private void Supervise(ActorCell child, Exception cause)
    {
        if (_stopping != StopMode.None || !IsLiveChild(child))
        {
            return; // the child is being stopped anyway
        }

        var strategy = _props.SupervisorStrategy;
        Directive directive;
        try
        {
            directive = strategy.Decider(cause);
        }
        catch (Exception error)
        {
            System.PublishFailure(new ActorFailure(Self, error, Directive.Stop, 0, TimeSpan.Zero));
            directive = Directive.Stop;
        }

        switch (directive)
        {
            case Directive.Resume:
                Report(child, cause, Directive.Resume);
                child.SendSystem(ResumeActor.Instance);
                break;
            case Directive.Restart:
                ScheduleRestart(child, cause, strategy);
                break;
            case Directive.Escalate when Parent is not null:
                Report(child, cause, Directive.Escalate);
                _escalated.Add(child);
                HandleFailure(cause, envelope: null);
                break;
            default: // Stop, or Escalate at the guardian
                Report(child, cause, directive);
                child.RequestStop();
                break;
        }
    }

    /// <summary>Restarts the child after its backoff delay, or stops it once the retry budget of the window is spent.</summary>
    private void ScheduleRestart(ActorCell child, Exception cause, SupervisorStrategy strategy)
    {
        long now = Environment.TickCount64;
        if (child.RestartCount == 0 || now - child.RestartWindowStart > strategy.RetryWindow.TotalMilliseconds)
        {
            child.RestartCount = 0;
            child.RestartWindowStart = now;
        }

        if (child.RestartCount >= strategy.MaxRetries)
        {
            Report(child, cause, Directive.Stop);
            child.RequestStop();
            return;
        }

        child.RestartCount++;
        var delay = strategy.BackoffDelay(child.RestartCount);
        Report(child, cause, Directive.Restart, delay);
        System.Scheduler.ScheduleSystem(delay, child, new RestartActor(cause));
    }

    /// <summary>After this actor resumed or restarted, settles children whose failure it escalated.</summary>
    private void SettleEscalated(bool restarted)
    {
        foreach (var child in _escalated)
        {
            if (IsLiveChild(child))
            {
                child.SendSystem(restarted ? new RestartActor(_lastFailure!) : ResumeActor.Instance);
            }
        }

        _escalated.Clear();
    }

    /// <summary>Publishes the decision taken for <paramref name="child"/>.</summary>
    private void Report(ActorCell child, Exception cause, Directive directive, TimeSpan delay = default) =>
        System.PublishFailure(new ActorFailure(child.Self, cause, directive, child.RestartCount, delay));
}
