using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>A message to a run entity (routed by Cluster Sharding on <see cref="RunId"/>).</summary>
public interface IRunCommand
{
    /// <summary>The run the message is for.</summary>
    string RunId { get; }
}

/// <summary>Submit a new run; answered with <see cref="RunSubmitted"/> or <see cref="RunRejected"/>.</summary>
public sealed record SubmitRun(RunSpec Spec) : IRunCommand
{
    /// <inheritdoc />
    public string RunId => Spec.RunId;
}

/// <summary>Resume an unfinished run; answered with <see cref="RunResumed"/> or <see cref="RunRejected"/>.</summary>
public sealed record ResumeRun(string RunId) : IRunCommand;

/// <summary>Ask a run's status; answered with <see cref="RunStatus"/>.</summary>
public sealed record GetRunStatus(string RunId) : IRunCommand;

/// <summary>The run was journaled (RunAccepted and every ItemScheduled are durable) and is running.</summary>
public sealed record RunSubmitted(string RunId, int ItemCount);

/// <summary>The run is running again (or still running); <see cref="Done"/> of <see cref="Total"/> items finished.</summary>
public sealed record RunResumed(string RunId, int Done, int Total, bool AlreadyCompleted);

/// <summary>The request was refused; <see cref="Reason"/> is one line for people; <see cref="Exists"/>: a submitted run's id is taken.</summary>
public sealed record RunRejected(string RunId, string Reason, bool Exists = false);

/// <summary>A run's state as its entity knows it.</summary>
public sealed record RunStatus(string RunId, bool Exists, bool Completed, int Done, int Succeeded, int Failed, int Total, long LastSequence);

/// <summary>Published on the event stream of the node hosting a run once <see cref="Event"/> is durable at
/// <see cref="Sequence"/> (the live half of following a run).</summary>
public sealed record RunEventJournaled(string RunId, long Sequence, RunEvent Event);

/// <summary>Published on the event stream when a run's entity stopped because its journal failed (write failed or
/// rejected, replay failed); <see cref="Reason"/> is one line for people. Everything journaled before stays.</summary>
public sealed record RunStopped(string RunId, string Reason)
{
    /// <summary>The innermost message of an exception, on one line.</summary>
    public static string Describe(Exception e) =>
        string.Join(' ', e.GetBaseException().Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
