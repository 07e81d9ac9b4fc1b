using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Compiler;
using PluginHost.Wasm.Model;
using PluginHost.Wasm.Validation;

namespace PluginHost.Wasm;

/// <summary>A decoded, validated and compiled module; instantiate it any number of times, from any thread.</summary>
public sealed class Module
{
    private readonly string? _name;

    private Module(Engine engine, ModuleInfo info, string? name)
    {
        Engine = engine;
        Info = info;
        _name = name;
        var compiler = new ModuleCompiler(info, engine.Config);
        FuncTypes = compiler.FuncTypes;
        FuncSigIds = FuncTypes.Select(SignatureRegistry.IdOf).ToArray();
        GlobalTypes = compiler.GlobalTypes;
        ImportedFuncCount = compiler.ImportedFuncCount;
        (CodeType, FunctionPointers) = compiler.Compile();
        Backtrace.Register(CodeType, this);
    }

    /// <summary>Decodes, validates and compiles a binary module; throws <see cref="WasmModuleException"/> when rejected.</summary>
    public static Module FromBytes(Engine engine, ReadOnlySpan<byte> bytes, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var info = ModuleDecoder.Decode(bytes.ToArray());
        Validator.Validate(info);
        return new Module(engine, info, name);
    }

    /// <summary>Reads and compiles a .wasm file.</summary>
    public static Module FromFile(Engine engine, string path) =>
        FromBytes(engine, File.ReadAllBytes(path), Path.GetFileNameWithoutExtension(path));

    /// <summary>The engine that compiled it.</summary>
    public Engine Engine { get; }

    /// <summary>The decoded sections.</summary>
    public ModuleInfo Info { get; }

    /// <summary>Module name (name section, or the name given at load).</summary>
    public string? Name => Info.ModuleName ?? _name;

    /// <summary>The module's imports in order.</summary>
    public IReadOnlyList<Import> Imports => Info.Imports;

    /// <summary>The module's exports in order.</summary>
    public IReadOnlyList<Export> Exports => Info.Exports;

    internal FuncType[] FuncTypes { get; }
    internal int[] FuncSigIds { get; }
    internal Model.GlobalType[] GlobalTypes { get; }
    internal int ImportedFuncCount { get; }
    internal Type CodeType { get; }
    internal nint[] FunctionPointers { get; }

    /// <summary>The display name of a function: its name-section name, else "func N".</summary>
    internal string FunctionName(uint index) =>
        Info.FunctionNames.TryGetValue(index, out var name) ? name : $"func {index}";
}
