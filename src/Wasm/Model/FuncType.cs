namespace PluginHost.Wasm.Model;

/// <summary>A function signature: parameter and result types, compared structurally.</summary>
public sealed class FuncType : IEquatable<FuncType>
{
    /// <summary>Creates a signature.</summary>
    public FuncType(ValueType[] parameters, ValueType[] results)
    {
        Params = parameters;
        Results = results;
    }

    /// <summary>Parameter types in order.</summary>
    public ValueType[] Params { get; }

    /// <summary>Result types in order.</summary>
    public ValueType[] Results { get; }

    /// <summary>Structural equality.</summary>
    public bool Equals(FuncType? other) =>
        other is not null && Params.AsSpan().SequenceEqual(other.Params) && Results.AsSpan().SequenceEqual(other.Results);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FuncType);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Params) hash.Add(p);
        hash.Add(0xFF);
        foreach (var r in Results) hash.Add(r);
        return hash.ToHashCode();
    }

    /// <summary>Text form, e.g. "(i32, i32) -> (i64)".</summary>
    public override string ToString() =>
        $"({string.Join(", ", Params.Select(p => p.Name()))}) -> ({string.Join(", ", Results.Select(r => r.Name()))})";
}
