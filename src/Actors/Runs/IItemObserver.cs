using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>Told by a run's entity when an item starts and ends on it (node metrics and traces).</summary>
public interface IItemObserver
{
    /// <summary>The item's first step was handed to a runner by this entity (after a resume, again).</summary>
    void ItemStarted(RunSpec run, WorkItemSpec item);

    /// <summary>The item's outcome is durable; null: the entity stopped before it had one (the item runs again later).</summary>
    void ItemEnded(RunSpec run, string itemId, ItemOutcome? outcome);
}
