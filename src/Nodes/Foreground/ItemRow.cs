namespace PluginHost.Nodes.Foreground;

/// <summary>The progress row of one work item.</summary>
public sealed class ItemRow
{
    /// <summary>Creates a row for an item with its step count.</summary>
    public ItemRow(string itemId, string name, int stepCount)
    {
        ItemId = itemId;
        Name = name;
        StepCount = stepCount;
    }

    /// <summary>The item.</summary>
    public string ItemId { get; }

    /// <summary>Its display name.</summary>
    public string Name { get; }

    /// <summary>Number of steps.</summary>
    public int StepCount { get; }

    /// <summary>Steps completed so far.</summary>
    public int StepsDone { get; set; }

    /// <summary>What the item is doing, e.g. "step 2/3 build", "succeeded", "failed: ...".</summary>
    public string Status { get; set; } = "pending";

    /// <summary>True once the item ended.</summary>
    public bool Finished { get; set; }

    /// <summary>True when the item failed.</summary>
    public bool Failed { get; set; }
}
