// CONTRACT STUBS: the public surface of the engine, fixed so that the decoder/validator, the
// compiler/runtime and the wast runner can be written in parallel. The compiler/runtime work
// replaces these bodies (and splits this file into one file per type); signatures may only grow.
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm;

/// <summary>Engine-wide settings.</summary>
public sealed record EngineConfig
{
    /// <summary>Maximum wasm call depth before a stack-exhausted trap.</summary>
    public int MaxCallDepth { get; init; } = 20_000;
    /// <summary>Native stack size, in bytes, of the threads that run guest code.</summary>
    public int GuestThreadStackSize { get; init; } = 256 * 1024 * 1024;
}

/// <summary>Shared, thread-safe compilation environment (like wasmtime::Engine).</summary>
public sealed class Engine
{
    /// <summary>Creates an engine.</summary>
    public Engine(EngineConfig? config = null) => Config = config ?? new EngineConfig();
    /// <summary>The engine's settings.</summary>
    public EngineConfig Config { get; }
}

/// <summary>A decoded, validated and compiled module; instantiate it any number of times, from any thread.</summary>
public sealed partial class Module
{
    /// <summary>Decodes, validates and compiles a binary module; throws <see cref="WasmModuleException"/> when rejected.</summary>
    public static Module FromBytes(Engine engine, ReadOnlySpan<byte> bytes, string? name = null) => throw new NotImplementedException();
    /// <summary>Reads and compiles a .wasm file.</summary>
    public static Module FromFile(Engine engine, string path) => throw new NotImplementedException();
    /// <summary>The engine that compiled it.</summary>
    public Engine Engine => throw new NotImplementedException();
    /// <summary>The decoded sections.</summary>
    public ModuleInfo Info => throw new NotImplementedException();
    /// <summary>Module name (name section, or the name given at load).</summary>
    public string? Name => throw new NotImplementedException();
}

/// <summary>Owns instances, host state and limits; single-threaded by design (like wasmtime::Store).</summary>
public sealed partial class Store
{
    /// <summary>Creates a store with optional host data.</summary>
    public Store(Engine engine, object? data = null) => throw new NotImplementedException();
    /// <summary>The engine.</summary>
    public Engine Engine => throw new NotImplementedException();
    /// <summary>Host data attached to the store.</summary>
    public object? Data { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }
}

/// <summary>Context a host function receives: its store and the calling instance's exports.</summary>
public sealed partial class Caller
{
    /// <summary>The store.</summary>
    public Store Store => throw new NotImplementedException();
    /// <summary>An export of the calling instance, e.g. its "memory"; null if absent.</summary>
    public Extern? GetExport(string name) => throw new NotImplementedException();
    /// <summary>The calling instance's exported memory by name, or null.</summary>
    public Memory? GetMemory(string name = "memory") => GetExport(name) as Memory;
}

/// <summary>A host function taking and returning untyped values.</summary>
public delegate void HostFunctionCallback(Caller caller, ReadOnlySpan<Value> args, Span<Value> results);

/// <summary>Something that can be imported or exported: a function, table, memory or global.</summary>
public abstract class Extern
{
    /// <summary>Which kind this is.</summary>
    public abstract ExternKind Kind { get; }
}

/// <summary>A wasm or host function bound to a store.</summary>
public sealed partial class Func : Extern
{
    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Func;
    /// <summary>The signature.</summary>
    public FuncType Type => throw new NotImplementedException();
    /// <summary>Creates a host function with an untyped callback.</summary>
    public static Func FromCallback(Store store, FuncType type, HostFunctionCallback callback) => throw new NotImplementedException();
    /// <summary>Creates a host function from a typed delegate (int, long, float, double, Func?, object?; optional leading Caller; result void, one value or a ValueTuple).</summary>
    public static Func Wrap(Store store, Delegate callback) => throw new NotImplementedException();
    /// <summary>Calls the function; traps surface as <see cref="WasmTrapException"/>.</summary>
    public Value[] Invoke(params Value[] args) => throw new NotImplementedException();
}

/// <summary>A linear memory.</summary>
public sealed partial class Memory : Extern
{
    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Memory;
    /// <summary>Creates a host memory.</summary>
    public static Memory Create(Store store, MemoryType type) => throw new NotImplementedException();
    /// <summary>The memory's type (current limits).</summary>
    public MemoryType Type => throw new NotImplementedException();
    /// <summary>Current size in 64 KiB pages.</summary>
    public uint Pages => throw new NotImplementedException();
    /// <summary>Current size in bytes.</summary>
    public long Length => throw new NotImplementedException();
    /// <summary>Grows by delta pages; returns the old size in pages or -1 on failure.</summary>
    public long Grow(uint deltaPages) => throw new NotImplementedException();
    /// <summary>A view of [offset, offset+length); throws a MemoryOutOfBounds trap if out of range.</summary>
    public Span<byte> GetSpan(long offset, int length) => throw new NotImplementedException();
}

/// <summary>A table of references.</summary>
public sealed partial class Table : Extern
{
    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Table;
    /// <summary>Creates a host table filled with init.</summary>
    public static Table Create(Store store, TableType type, Value init) => throw new NotImplementedException();
    /// <summary>The table's type (current limits).</summary>
    public TableType Type => throw new NotImplementedException();
    /// <summary>Current number of elements.</summary>
    public uint Size => throw new NotImplementedException();
    /// <summary>Element at index; TableOutOfBounds trap if out of range.</summary>
    public Value Get(uint index) => throw new NotImplementedException();
    /// <summary>Sets the element at index; TableOutOfBounds trap if out of range.</summary>
    public void Set(uint index, Value value) => throw new NotImplementedException();
    /// <summary>Grows by delta filled with init; returns the old size or -1.</summary>
    public long Grow(uint delta, Value init) => throw new NotImplementedException();
}

/// <summary>A global variable.</summary>
public sealed partial class Global : Extern
{
    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Global;
    /// <summary>Creates a host global.</summary>
    public static Global Create(Store store, GlobalType type, Value value) => throw new NotImplementedException();
    /// <summary>The global's type.</summary>
    public GlobalType Type => throw new NotImplementedException();
    /// <summary>Current value; setting an immutable global throws InvalidOperationException.</summary>
    public Value Value { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }
}

/// <summary>An instantiated module.</summary>
public sealed partial class Instance
{
    /// <summary>The module it instantiates.</summary>
    public Module Module => throw new NotImplementedException();
    /// <summary>All exports by name, in module order.</summary>
    public IReadOnlyList<KeyValuePair<string, Extern>> Exports => throw new NotImplementedException();
    /// <summary>An export by name, or null.</summary>
    public Extern? GetExport(string name) => throw new NotImplementedException();
    /// <summary>An exported function, or null.</summary>
    public Func? GetFunction(string name) => GetExport(name) as Func;
    /// <summary>An exported memory, or null.</summary>
    public Memory? GetMemory(string name) => GetExport(name) as Memory;
    /// <summary>An exported table, or null.</summary>
    public Table? GetTable(string name) => GetExport(name) as Table;
    /// <summary>An exported global, or null.</summary>
    public Global? GetGlobal(string name) => GetExport(name) as Global;
}

/// <summary>Resolves imports by module and name and instantiates modules (like wasmtime::Linker).</summary>
public sealed partial class Linker
{
    /// <summary>Creates an empty linker.</summary>
    public Linker(Engine engine) => throw new NotImplementedException();
    /// <summary>Whether a later definition may replace an earlier one of the same module and name.</summary>
    public bool AllowShadowing { get; set; }
    /// <summary>Defines an import.</summary>
    public Linker Define(string module, string name, Extern item) => throw new NotImplementedException();
    /// <summary>Defines a host function from a typed delegate (see <see cref="Func.Wrap"/>); bound to each store at instantiation.</summary>
    public Linker DefineFunction(string module, string name, Delegate callback) => throw new NotImplementedException();
    /// <summary>Defines a host function with an untyped callback.</summary>
    public Linker DefineFunction(string module, string name, FuncType type, HostFunctionCallback callback) => throw new NotImplementedException();
    /// <summary>Defines every export of an instance under a module name.</summary>
    public Linker DefineInstance(string module, Instance instance) => throw new NotImplementedException();
    /// <summary>Resolves the module's imports, instantiates it and runs its start function; throws <see cref="WasmLinkException"/> for missing or mistyped imports and <see cref="WasmTrapException"/> if instantiation traps.</summary>
    public Instance Instantiate(Store store, Module module) => throw new NotImplementedException();
}
