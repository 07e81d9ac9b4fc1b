using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PluginHost.Shared.Toml;

/// <summary>A TOML table: keys in document order mapped to string, long, double, bool, date-time, TomlArray or TomlTable values.</summary>
public sealed class TomlTable : IReadOnlyDictionary<string, object>
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Creates an empty table (as built by code rather than parsed).</summary>
    public TomlTable() : this(TomlTableKind.Header)
    {
    }

    internal TomlTable(TomlTableKind kind) => Kind = kind;

    internal TomlTableKind Kind { get; set; }

    /// <summary>The number of keys.</summary>
    public int Count => _order.Count;

    /// <summary>The keys in document order.</summary>
    public IEnumerable<string> Keys => _order;

    /// <summary>The values in document order.</summary>
    public IEnumerable<object> Values => _order.Select(k => _values[k]);

    /// <summary>The value of a key; throws KeyNotFoundException naming the key when absent.</summary>
    public object this[string key] =>
        _values.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"TOML table has no key '{key}'");

    /// <summary>True when the key is present.</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Gets the value of a key when present.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) => _values.TryGetValue(key, out value);

    /// <summary>Adds a new key at the end; throws ArgumentException when the key already exists.</summary>
    public void Add(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _values.Add(key, value);
        _order.Add(key);
    }

    /// <summary>Enumerates the entries in document order.</summary>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var key in _order) yield return new KeyValuePair<string, object>(key, _values[key]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
