using PluginHost.Actors.Runners;

namespace PluginHost.Actors.Runs;

/// <summary>What run entities and runners of a node share: the step executors, the clock, limits and the abort signal.</summary>
public sealed class RunServices
{
    /// <summary>Creates the services over a node's step executors.</summary>
    public RunServices(StepExecutorRegistry executors, TimeProvider? time = null)
    {
        Executors = executors;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>The step executors by kind.</summary>
    public StepExecutorRegistry Executors { get; }

    /// <summary>The clock of event timestamps.</summary>
    public TimeProvider Time { get; }

    /// <summary>Most items of one run with a step queued or running at once (bounds the broker's queue).</summary>
    public int MaxItemsInFlight { get; init; } = 64;

    /// <summary>True on a cluster node: entities hand steps to the runner brokers of every Up member (with
    /// <see cref="Role"/>), not only to the broker they were given.</summary>
    public bool ClusterDispatch { get; init; }

    /// <summary>The cluster role of members that run steps; null: every member.</summary>
    public string? Role { get; init; }

    /// <summary>Told when items start and end (metrics, traces); null: nobody.</summary>
    public IItemObserver? Items { get; init; }

    /// <summary>Cancelled to stop running steps at once (drain timeout, second signal); they run again on resume.</summary>
    public CancellationTokenSource Abort { get; } = new();

    /// <summary>Persistence id of a run's entity.</summary>
    public static string PersistenceIdOf(string runId) => "run-" + runId;
}
