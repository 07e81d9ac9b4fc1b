namespace PluginHost.Wasm.Components;

/// <summary>A runtime resource type: defined by the host (with an optional destructor) or by a component instance.</summary>
public sealed class ResourceType
{
    internal ResourceType(string name, Action<uint>? hostDestructor, object? owner)
    {
        Name = name;
        HostDestructor = hostDestructor;
        Owner = owner;
    }

    /// <summary>Creates a host resource type; the destructor runs when the last own handle is dropped by a guest.</summary>
    public static ResourceType Host(string name, Action<uint>? destructor = null) => new(name, destructor, null);

    /// <summary>The resource's name (e.g. "output-stream").</summary>
    public string Name { get; }
    /// <summary>True when defined by the host.</summary>
    public bool IsHost => Owner is null;

    internal Action<uint>? HostDestructor { get; }
    /// <summary>The defining component instance state (guest resources).</summary>
    internal object? Owner { get; }
    /// <summary>Core destructor of a guest resource.</summary>
    internal Func? CoreDestructor { get; set; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
