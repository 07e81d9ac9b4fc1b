namespace PluginHost.Wasm.Components.Runtime;

/// <summary>One handle-table slot: an own or borrow handle to a resource.</summary>
internal sealed class HandleEntry
{
    public required ResourceType Type { get; init; }
    public required uint Rep { get; init; }
    public required bool Own { get; init; }
    /// <summary>Number of borrows lent out of this own handle during calls in progress.</summary>
    public int Lends;
    /// <summary>The call that created this borrow handle (its count is decremented on drop).</summary>
    public CallScope? Scope { get; init; }
}

/// <summary>A lifted call in progress: counts borrow handles the callee still holds.</summary>
internal sealed class CallScope
{
    public int Borrows;
}

/// <summary>A component instance's table of resource handles (index 0 is never valid).</summary>
internal sealed class HandleTable
{
    private const int MaxHandles = 1 << 24;
    private readonly List<HandleEntry?> _entries = [null];
    private readonly Stack<int> _free = new();

    public uint Add(HandleEntry entry)
    {
        if (_free.TryPop(out var i))
        {
            _entries[i] = entry;
            return (uint)i;
        }
        if (_entries.Count >= MaxHandles) throw Abi.AbiTraps.Trap("resource handle table is full");
        _entries.Add(entry);
        return (uint)(_entries.Count - 1);
    }

    public HandleEntry Get(uint index, ResourceType? expected)
    {
        if (index == 0 || index >= _entries.Count || _entries[(int)index] is not { } e)
            throw Abi.AbiTraps.Trap($"unknown resource handle {index}");
        if (expected is not null && !ReferenceEquals(e.Type, expected))
            throw Abi.AbiTraps.Trap($"resource handle {index} is a `{e.Type.Name}`, expected a `{expected.Name}`");
        return e;
    }

    public HandleEntry Remove(uint index, ResourceType? expected)
    {
        var e = Get(index, expected);
        _entries[(int)index] = null;
        _free.Push((int)index);
        return e;
    }

    /// <summary>Live handles (for tests and diagnostics).</summary>
    public int Count => _entries.Count - 1 - _free.Count;
}
