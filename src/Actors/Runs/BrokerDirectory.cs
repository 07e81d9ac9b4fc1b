using Akka.Actor;

namespace PluginHost.Actors.Runs;

/// <summary>A run entity's view of the runner brokers it may hand steps to: one per Up cluster member (or the one
/// broker it was given outside a cluster), minus members that are unreachable, leaving or draining; it picks the one
/// with the fewest of the entity's steps out.</summary>
public sealed class BrokerDirectory
{
    private readonly Dictionary<Address, ICanTell> _brokers = [];
    private readonly HashSet<Address> _declining = [];
    private readonly Dictionary<Address, int> _load = [];

    /// <summary>True when some broker may take a step.</summary>
    public bool Any => _brokers.Keys.Any(a => !_declining.Contains(a));

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

    /// <summary>The available broker with the fewest steps out, or null.</summary>
    public (Address Node, ICanTell Broker)? Pick()
    {
        (Address, ICanTell)? best = null;
        var bestLoad = int.MaxValue;
        foreach (var (node, broker) in _brokers)
        {
            if (_declining.Contains(node)) continue;
            var load = _load.GetValueOrDefault(node);
            if (load >= bestLoad) continue;
            best = (node, broker);
            bestLoad = load;
        }
        return best;
    }

    /// <summary>Counts a step handed to (+1) or back from (-1) <paramref name="node"/>.</summary>
    public void Count(Address node, int delta) => _load[node] = _load.GetValueOrDefault(node) + delta;
}
