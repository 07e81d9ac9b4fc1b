namespace PluginHost.Actors.Serialization;

/// <summary>What <see cref="RunMessageSerializer"/> reads from a row or message whose manifest this version does not know
/// (written by another version): readers of a run's journal fail with <see cref="Describe"/> (a StoreException) instead of a stack trace.</summary>
/// <param name="Manifest">The unknown manifest.</param>
public sealed record UnknownManifest(string Manifest)
{
    /// <summary>One line naming the run, the manifest and what to do.</summary>
    public string Describe(string runId) =>
        $"the journal of run {runId} holds an event '{Manifest}' this PluginHost does not know (written by another version): " +
        "read the run with the PluginHost that wrote it";
}
