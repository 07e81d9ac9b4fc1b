using System.Collections.Concurrent;

namespace PluginHost.Nodes.Sync;

/// <summary>What a sync run prints at the end: kept stderr lines per run and canister (<see cref="Key"/>) and which failed.</summary>
public sealed class SyncRunLog
{
    /// <summary>The key of a canister in a run (one process may also resume older sync runs with the same canisters).</summary>
    public static string Key(string runId, string canister) => runId + "\n" + canister;

    private readonly ConcurrentDictionary<string, List<string>> _kept = new();
    private readonly ConcurrentDictionary<string, bool> _failed = new();

    /// <summary>Appends kept lines of a canister.</summary>
    public void Keep(string key, IEnumerable<string> lines)
    {
        var list = _kept.GetOrAdd(key, _ => new List<string>());
        lock (list) list.AddRange(lines);
    }

    /// <summary>Marks a canister failed.</summary>
    public void Fail(string key) => _failed[key] = true;

    /// <summary>Whether a canister failed.</summary>
    public bool Failed(string key) => _failed.ContainsKey(key);

    /// <summary>The kept lines of a canister.</summary>
    public IReadOnlyList<string> Lines(string key) => _kept.TryGetValue(key, out var l) ? l : [];
}
