using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm;

/// <summary>A global variable (shared by reference between exporting and importing instances).</summary>
public sealed class Global : Extern
{
    // One field per representation; compiled code reads and writes the one matching the type.
    internal int I32;
    internal long I64;
    internal float F32;
    internal double F64;
    internal object? Ref;
    private readonly GlobalType _type;

    internal Global(GlobalType type, Value value)
    {
        _type = type;
        Store(value);
    }

    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Global;

    /// <summary>Creates a host global.</summary>
    public static Global Create(Store store, GlobalType type, Value value)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new Global(type, value);
    }

    /// <summary>The global's type.</summary>
    public GlobalType Type => _type;

    /// <summary>Current value; setting an immutable global throws InvalidOperationException.</summary>
    public Value Value
    {
        get => _type.ValueType switch
        {
            ValueType.I32 => Value.FromI32(I32),
            ValueType.I64 => Value.FromI64(I64),
            ValueType.F32 => Value.FromF32(F32),
            ValueType.F64 => Value.FromF64(F64),
            ValueType.FuncRef => Value.FromFunc((Func?)Ref),
            _ => Value.FromExtern(Ref),
        };
        set
        {
            if (!_type.Mutable) throw new InvalidOperationException("cannot set an immutable global");
            Store(value);
        }
    }

    private void Store(Value value)
    {
        if (value.Type != _type.ValueType)
            throw new ArgumentException($"expected a {_type.ValueType.Name()} value, got {value.Type.Name()}");
        switch (_type.ValueType)
        {
            case ValueType.I32: I32 = value.I32; break;
            case ValueType.I64: I64 = value.I64; break;
            case ValueType.F32: F32 = value.F32; break;
            case ValueType.F64: F64 = value.F64; break;
            default: Ref = value.Ref; break;
        }
    }
}
