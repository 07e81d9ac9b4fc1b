namespace PluginHost.Wasm.Components;

/// <summary>Host-side table mapping resource representations (reps) to host objects; reps start at 1 and are reused.</summary>
public sealed class ResourceTable<T> where T : class
{
    private readonly List<T?> _items = [null];
    private readonly Stack<uint> _free = new();

    /// <summary>Stores an object and returns its rep.</summary>
    public uint Add(T item)
    {
        if (_free.TryPop(out var rep))
        {
            _items[(int)rep] = item;
            return rep;
        }
        _items.Add(item);
        return (uint)(_items.Count - 1);
    }

    /// <summary>The object of a rep; traps (HostError) when absent.</summary>
    public T Get(uint rep) =>
        rep < _items.Count && _items[(int)rep] is { } item ? item : throw new WasmTrapException(TrapKind.HostError, $"unknown {typeof(T).Name} resource {rep}");

    /// <summary>The object of a rep, or null.</summary>
    public T? TryGet(uint rep) => rep < _items.Count ? _items[(int)rep] : null;

    /// <summary>Removes and returns the object of a rep (null if absent).</summary>
    public T? Remove(uint rep)
    {
        if (rep == 0 || rep >= _items.Count || _items[(int)rep] is not { } item) return null;
        _items[(int)rep] = null;
        _free.Push(rep);
        return item;
    }

    /// <summary>Number of live entries.</summary>
    public int Count => _items.Count - 1 - _free.Count;
}
