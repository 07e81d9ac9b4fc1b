using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Server;

/// <summary>Checks a submitted spec before it reaches a run entity, naming the bad field.</summary>
public static class SpecValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the spec cannot be run, or when a step's
    /// kind is not among <paramref name="kinds"/> (the kinds every node of the cluster runs).</summary>
    public static void Validate(RunSpec spec, IReadOnlyCollection<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.RunId)) throw new ArgumentException("run spec field 'runId' must be a non-empty id");
        if (string.IsNullOrWhiteSpace(spec.Kind)) throw new ArgumentException($"run '{spec.RunId}': field 'kind' must be non-empty, e.g. \"sync\"");
        if (spec.Items is null) throw new ArgumentException($"run '{spec.RunId}': field 'items' must be a list");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Items.Count; i++)
        {
            var item = spec.Items[i] ?? throw new ArgumentException($"run '{spec.RunId}': items[{i}] is null");
            if (string.IsNullOrWhiteSpace(item.ItemId)) throw new ArgumentException($"run '{spec.RunId}': items[{i}].itemId must be non-empty");
            if (!seen.Add(item.ItemId)) throw new ArgumentException($"run '{spec.RunId}': items[{i}].itemId '{item.ItemId}' is used twice");
            if (item.Steps is null) throw new ArgumentException($"run '{spec.RunId}': items[{i}].steps must be a list");
            for (var s = 0; s < item.Steps.Count; s++)
                if (item.Steps[s] is { } step && !kinds.Contains(step.EffectiveKind))
                    throw new ArgumentException($"run '{spec.RunId}': items[{i}].steps[{s}] ('{step.Name}') has kind '{step.EffectiveKind}', " +
                                                $"which the cluster's nodes cannot run (known: {string.Join(", ", kinds)})");
        }
    }
}
