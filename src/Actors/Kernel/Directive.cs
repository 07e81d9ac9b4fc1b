namespace PluginHost.Actors.Kernel;

/// <summary>What a parent decides for a child whose message handler (or lifecycle hook) threw.</summary>
public enum Directive
{
    /// <summary>Keep the same instance and its state; continue with the next message.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one after a backoff delay; same ActorRef and mailbox.</summary>
    Restart,

    /// <summary>Stop the child permanently; its pending messages go to dead letters.</summary>
    Stop,

    /// <summary>Fail the parent itself with the child's exception, so the grandparent decides.</summary>
    Escalate,
}
