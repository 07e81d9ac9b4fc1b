using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>Checks a run spec before it is accepted: ids, items, steps and step kinds.</summary>
public static class RunSpecValidator
{
    /// <summary>Throws <see cref="RunSpecException"/> listing every problem of the spec.</summary>
    public static void Validate(RunSpec spec, StepExecutorRegistry executors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(spec.RunId)) problems.Add("runId is empty");
        if (string.IsNullOrWhiteSpace(spec.Kind)) problems.Add("kind is empty (expected e.g. \"sync\" or \"install\")");
        if (spec.Items is null || spec.Items.Count == 0)
        {
            problems.Add("items is empty: a run needs at least one work item");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < spec.Items.Count; i++)
            {
                var item = spec.Items[i];
                if (item is null) { problems.Add($"items[{i}] is null"); continue; }
                if (string.IsNullOrWhiteSpace(item.ItemId)) problems.Add($"items[{i}].itemId is empty");
                else if (!seen.Add(item.ItemId)) problems.Add($"items[{i}].itemId '{item.ItemId}' is a duplicate: item ids must be unique within a run");
                if (item.Steps is null || item.Steps.Count == 0) { problems.Add($"items[{i}] ('{item.ItemId}') has no steps"); continue; }
                for (var s = 0; s < item.Steps.Count; s++)
                {
                    var step = item.Steps[s];
                    if (step is null) { problems.Add($"items[{i}].steps[{s}] is null"); continue; }
                    if (string.IsNullOrWhiteSpace(step.Name)) problems.Add($"items[{i}].steps[{s}].name is empty");
                    if (executors.Find(step.EffectiveKind) is null)
                        problems.Add($"items[{i}].steps[{s}] ('{step.Name}') has unknown kind '{step.EffectiveKind}' (known: {string.Join(", ", executors.Kinds)})");
                }
            }
        }
        if (problems.Count > 0) throw new RunSpecException(spec.RunId ?? "", problems);
    }
}
