using Akka.Actor;
using Akka.Cluster;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runs;

namespace PluginHost.Nodes.Server;

/// <summary>GET /nodes: the cluster's members from this node's membership view, each with its runners' load asked
/// from its broker (members that do not answer within a second are listed without it).</summary>
public static class ClusterMembers
{
    /// <summary>The members, ordered by address.</summary>
    public static async Task<IReadOnlyList<NodeMember>> ListAsync(AkkaNode node, CancellationToken cancellationToken)
    {
        var state = node.Cluster.State;
        var self = node.Cluster.SelfAddress;
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).ToList();
        var loads = await Task.WhenAll(members.Select(m => LoadAsync(node, m, state, cancellationToken)));
        return members.Select((m, i) =>
        {
            var load = loads[i];
            var status = state.Unreachable.Contains(m) ? "unreachable" : m.Status.ToString().ToLowerInvariant();
            return new NodeMember(load?.NodeId ?? "", m.Address.ToString(), status, [.. m.Roles.Order(StringComparer.Ordinal)],
                load is null ? null : load.Busy + load.Idle, load?.Busy, load?.Idle, load?.Queued, load?.HttpAddress, m.Address == self);
        }).ToList();
    }

    private static async Task<RunnerLoad?> LoadAsync(AkkaNode node, Member member, ClusterEvent.CurrentClusterState state, CancellationToken cancellationToken)
    {
        if (state.Unreachable.Contains(member) || member.Status is MemberStatus.Down or MemberStatus.Removed) return null;
        try { return await node.RunnerLoadAsync(member.Address, TimeSpan.FromSeconds(1), cancellationToken); }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException or TaskCanceledException) { return null; }
    }
}
