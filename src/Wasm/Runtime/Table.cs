using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm;

/// <summary>A table of references (funcref elements are <see cref="Func"/> objects).</summary>
public sealed class Table : Extern
{
    /// <summary>The elements; its length is the table size (reallocated on growth).</summary>
    internal object?[] Elements;
    private readonly ValueType _elementType;
    private readonly uint? _max;
    private readonly Store? _store;

    private Table(Store? store, TableType type, object? init)
    {
        _store = store;
        _elementType = type.ElementType;
        _max = type.Limits.Max;
        if (store?.Limits?.MaxTableElements is { } cap && type.Limits.Min > cap)
            throw new WasmLinkException($"table minimum of {type.Limits.Min} elements exceeds the store limit of {cap}");
        Elements = new object?[type.Limits.Min];
        if (init is not null) Array.Fill(Elements, init);
    }

    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Table;

    /// <summary>Creates a host table filled with init.</summary>
    public static Table Create(Store store, TableType type, Value init)
    {
        CheckRef(type.ElementType, init);
        return new Table(store, type, init.Ref);
    }

    internal static Table CreateFor(Store store, TableType type) => new(store, type, null);

    /// <summary>The table's element type.</summary>
    public ValueType ElementType => _elementType;

    /// <summary>The table's type (current limits).</summary>
    public TableType Type => new(_elementType, new Limits(Size, _max));

    /// <summary>Current number of elements.</summary>
    public uint Size => (uint)Elements.Length;

    /// <summary>Element at index; TableOutOfBounds trap if out of range.</summary>
    public Value Get(uint index)
    {
        if (index >= (uint)Elements.Length) throw new WasmTrapException(TrapKind.TableOutOfBounds);
        return ToValue(Elements[index]);
    }

    /// <summary>Sets the element at index; TableOutOfBounds trap if out of range.</summary>
    public void Set(uint index, Value value)
    {
        CheckRef(_elementType, value);
        if (index >= (uint)Elements.Length) throw new WasmTrapException(TrapKind.TableOutOfBounds);
        Elements[index] = value.Ref;
    }

    /// <summary>Grows by delta filled with init; returns the old size or -1.</summary>
    public long Grow(uint delta, Value init)
    {
        CheckRef(_elementType, init);
        return GrowRaw(delta, init.Ref);
    }

    internal long GrowRaw(uint delta, object? init)
    {
        var old = (uint)Elements.Length;
        var size = (ulong)old + delta;
        if (size > (_max ?? uint.MaxValue)) return -1;
        if (_store?.Limits?.MaxTableElements is { } cap && size > (ulong)cap)
        {
            if (_store.Limits.TrapOnGrowFailure)
                throw new WasmTrapException(TrapKind.TableOutOfBounds, $"table.grow beyond the store's limit of {cap} elements");
            return -1;
        }
        if (size > 10_000_000) return -1;
        if (delta == 0) return old;
        var grown = new object?[size];
        Array.Copy(Elements, grown, old);
        if (init is not null) Array.Fill(grown, init, (int)old, (int)delta);
        Elements = grown;
        return old;
    }

    internal Value ToValue(object? item) =>
        _elementType == ValueType.FuncRef ? Value.FromFunc((Func?)item) : Value.FromExtern(item);

    private static void CheckRef(ValueType elementType, Value value)
    {
        if (value.Type != elementType)
            throw new ArgumentException($"expected a {elementType.Name()} value, got {value.Type.Name()}");
    }
}
