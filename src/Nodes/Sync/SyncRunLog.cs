using System.Collections.Concurrent;

namespace PluginHost.Nodes.Sync;

/// <summary>What a sync run prints at the end: kept stderr lines per canister and which canisters failed.</summary>
public sealed class SyncRunLog
{
    private readonly ConcurrentDictionary<string, List<string>> _kept = new();
    private readonly ConcurrentDictionary<string, bool> _failed = new();

    /// <summary>Appends kept lines of a canister.</summary>
    public void Keep(string canister, IEnumerable<string> lines)
    {
        var list = _kept.GetOrAdd(canister, _ => new List<string>());
        lock (list) list.AddRange(lines);
    }

    /// <summary>Marks a canister failed.</summary>
    public void Fail(string canister) => _failed[canister] = true;

    /// <summary>Whether a canister failed.</summary>
    public bool Failed(string canister) => _failed.ContainsKey(canister);

    /// <summary>The kept lines of a canister.</summary>
    public IReadOnlyList<string> Lines(string canister) => _kept.TryGetValue(canister, out var l) ? l : [];
}
