namespace PluginHost.Nodes.Dashboard;

/// <summary>What the nodes page shows of one member beyond the /nodes row, read from the member's own /metrics.</summary>
/// <param name="NodeId">The member.</param>
/// <param name="Runners">Its runners (one per unit of capacity), or null when not read.</param>
/// <param name="RunnersBusy">How many of them run a step now, or null when not read.</param>
/// <param name="CachedPlugins">Compiled plugins in its in-memory cache, or null when not read.</param>
/// <param name="Error">Why the member's metrics could not be read; null when they were.</param>
public sealed record MemberStatus(string NodeId, double? Runners, double? RunnersBusy, double? CachedPlugins, string? Error);
