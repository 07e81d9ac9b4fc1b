using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>A run's state folded from its events (recovery and live), the basis of scheduling and resuming.</summary>
public sealed class RunEntityState
{
    private readonly Dictionary<string, ItemProgress> _byId = new(StringComparer.Ordinal);

    /// <summary>The spec, once RunAccepted was applied.</summary>
    public RunSpec? Spec { get; private set; }

    /// <summary>Every item, in spec order.</summary>
    public List<ItemProgress> Items { get; } = [];

    /// <summary>RunCompleted, once applied.</summary>
    public RunCompleted? Completed { get; private set; }

    /// <summary>Items with an outcome.</summary>
    public int Done => Items.Count(i => i.Outcome is not null);

    /// <summary>The item of an id, or null.</summary>
    public ItemProgress? Find(string itemId) => _byId.GetValueOrDefault(itemId);

    /// <summary>Applies one event (in journal order).</summary>
    public void Apply(RunEvent e)
    {
        switch (e)
        {
            case RunAccepted a:
                Spec = a.Spec;
                foreach (var i in a.Spec.Items)
                {
                    var p = new ItemProgress(i);
                    _byId[i.ItemId] = p;
                    Items.Add(p);
                }
                break;
            case StepStarted s when Find(s.ItemId) is { } item:
                item.Starts[s.StepIndex] = item.Starts.GetValueOrDefault(s.StepIndex) + 1;
                break;
            case StepOutput o when Find(o.ItemId) is { } item && o.StepIndex >= item.Results.Count:
                if (!item.PendingOutputs.TryGetValue(o.StepIndex, out var outputs)) item.PendingOutputs[o.StepIndex] = outputs = [];
                outputs.Add(o);
                break;
            case StepCompleted c when Find(c.ItemId) is { } item && c.StepIndex == item.Results.Count:
                item.Results.Add(c.Result);
                item.PendingOutputs.Remove(c.StepIndex);
                break;
            case StepFailed f when Find(f.ItemId) is { } item:
                item.FailedError = f.Error;
                break;
            case ItemCompleted d when Find(d.ItemId) is { } item:
                item.Outcome = d.Outcome;
                break;
            case RunCompleted rc:
                Completed = rc;
                break;
        }
    }
}
