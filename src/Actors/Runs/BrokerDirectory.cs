using Akka.Actor;

namespace PluginHost.Actors.Runs;

/// <summary>A run entity's view of the runner brokers it may hand steps to: one per Up cluster member (or the one
/// broker it was given outside a cluster), minus members that are unreachable, leaving or draining. A broker gets at
/// most <see cref="Prefetch"/> of the entity's steps that no runner has begun yet, so steps go to the members whose
/// runners are free (a member's capacity is its runner count) instead of queueing at the first one found.</summary>
public sealed class BrokerDirectory
{
    /// <summary>Most steps of one entity waiting (sent, not begun) at one broker.</summary>
    public const int Prefetch = 2;

    private readonly Dictionary<Address, ICanTell> _brokers = [];
    private readonly HashSet<Address> _declining = [];
    private readonly Dictionary<Address, (int Waiting, int Running)> _load = [];

    /// <summary>True when some broker may take a step now.</summary>
    public bool CanTake => _brokers.Keys.Any(a => !_declining.Contains(a) && Load(a).Waiting < Prefetch);

    /// <summary>Adds (or re-admits) the broker of <paramref name="node"/>.</summary>
    public void Add(Address node, ICanTell broker)
    {
        _brokers[node] = broker;
        _declining.Remove(node);
    }

    /// <summary>Stops handing steps to <paramref name="node"/> (unreachable, leaving, removed).</summary>
    public void Remove(Address node) => _brokers.Remove(node);

    /// <summary>Stops handing steps to <paramref name="node"/> until it is added again (its broker declined a step).</summary>
    public void Decline(Address node) => _declining.Add(node);

    /// <summary>The broker that may take a step with the fewest of the entity's steps waiting, then running; or null.</summary>
    public (Address Node, ICanTell Broker)? Pick()
    {
        (Address, ICanTell)? best = null;
        var bestLoad = (Waiting: int.MaxValue, Running: int.MaxValue);
        foreach (var (node, broker) in _brokers)
        {
            var load = Load(node);
            if (_declining.Contains(node) || load.Waiting >= Prefetch) continue;
            if (load.Waiting > bestLoad.Waiting || (load.Waiting == bestLoad.Waiting && load.Running >= bestLoad.Running)) continue;
            best = (node, broker);
            bestLoad = load;
        }
        return best;
    }

    /// <summary>Counts a step handed to <paramref name="node"/>: waiting until a runner begins it.</summary>
    public void Sent(Address node) => _load[node] = Load(node) with { Waiting = Load(node).Waiting + 1 };

    /// <summary>Counts a step of <paramref name="node"/> that a runner began.</summary>
    public void Began(Address node) => _load[node] = (Load(node).Waiting - 1, Load(node).Running + 1);

    /// <summary>Counts a step back from <paramref name="node"/> (answered, declined or lost), begun or not.</summary>
    public void Returned(Address node, bool began) =>
        _load[node] = began ? Load(node) with { Running = Load(node).Running - 1 } : Load(node) with { Waiting = Load(node).Waiting - 1 };

    private (int Waiting, int Running) Load(Address node) => _load.GetValueOrDefault(node);
}
