namespace PluginHost.Nodes.Server;

/// <summary>One cluster member as GET /nodes lists it.</summary>
/// <param name="NodeId">The node's id (--node-id), when its broker answered.</param>
/// <param name="Address">The member's remoting address, e.g. akka.tcp://pluginhost@10.0.0.5:4053.</param>
/// <param name="State">The member status: joining, up, leaving, exiting, down, removed (or unreachable).</param>
/// <param name="Roles">The member's cluster roles.</param>
/// <param name="Runners">Runner slots (busy + idle), when its broker answered.</param>
/// <param name="Busy">Runners running a step.</param>
/// <param name="Idle">Runners waiting for a step.</param>
/// <param name="Queued">Steps waiting for a runner.</param>
/// <param name="HttpAddress">The member's HTTP API, when its broker answered.</param>
/// <param name="IsSelf">True for the member that answered the request.</param>
public sealed record NodeMember(string NodeId, string Address, string State, IReadOnlyList<string> Roles, int? Runners, int? Busy,
    int? Idle, int? Queued, string? HttpAddress, bool IsSelf);
