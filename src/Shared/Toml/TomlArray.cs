using System.Collections;

namespace PluginHost.Shared.Toml;

/// <summary>A TOML array: an ordered list of values (types may be mixed), or the tables of a [[header]].</summary>
public sealed class TomlArray : IReadOnlyList<object>
{
    private readonly List<object> _items = [];

    /// <summary>Creates an empty array (as built by code rather than parsed).</summary>
    public TomlArray()
    {
    }

    internal TomlArray(bool isArrayOfTables) => IsArrayOfTables = isArrayOfTables;

    /// <summary>True when the array was built by [[header]] sections (and may still grow); false for a [ ... ] value.</summary>
    public bool IsArrayOfTables { get; }

    /// <summary>The number of items.</summary>
    public int Count => _items.Count;

    /// <summary>The item at an index.</summary>
    public object this[int index] => _items[index];

    /// <summary>Appends an item.</summary>
    public void Add(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _items.Add(value);
    }

    /// <summary>Enumerates the items in order.</summary>
    public IEnumerator<object> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
