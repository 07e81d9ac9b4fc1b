using PluginHost.Wasm.Components.Binary;

namespace PluginHost.Wasm.Components;

/// <summary>A decoded, validated component with its core modules compiled; instantiate it with a <see cref="ComponentLinker"/>.</summary>
public sealed class Component
{
    private Component(Engine engine, ComponentDefinition definition)
    {
        Engine = engine;
        Definition = definition;
    }

    /// <summary>Decodes and validates a component binary; throws <see cref="ComponentException"/> (section + offset) when rejected.</summary>
    public static Component FromBytes(Engine engine, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var copy = bytes.ToArray();
        try
        {
            return new Component(engine, ComponentDecoder.Decode(engine, copy));
        }
        catch (ComponentException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ComponentException($"component could not be decoded: {e.Message}", 0, null, e);
        }
    }

    /// <summary>Reads and decodes a component file.</summary>
    public static Component FromFile(Engine engine, string path) => FromBytes(engine, File.ReadAllBytes(path));

    /// <summary>True if the bytes start with the component preamble (not a core module).</summary>
    public static bool IsComponent(ReadOnlySpan<byte> bytes) => ComponentDecoder.IsComponent(bytes);

    /// <summary>The engine that compiled its core modules.</summary>
    public Engine Engine { get; }

    /// <summary>The component's imports (name and type), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, ExternDesc>> Imports => Definition.Shape.Imports;

    /// <summary>The component's exports (name and type), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, ExternDesc>> Exports => Definition.Shape.Exports;

    internal ComponentDefinition Definition { get; }
}
