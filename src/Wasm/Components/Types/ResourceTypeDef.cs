namespace PluginHost.Wasm.Components;

/// <summary>A resource type as declared in a component (imported abstractly, or defined with a rep and destructor).</summary>
/// <remarks>Identity matters: every declaration is a distinct object; at instantiation each is bound to a runtime <see cref="ResourceType"/>.</remarks>
public sealed class ResourceTypeDef
{
    /// <summary>Creates a declaration.</summary>
    internal ResourceTypeDef(string name, bool isLocal, uint? destructor)
    {
        Name = name;
        IsLocal = isLocal;
        Destructor = destructor;
    }

    /// <summary>The export or import name it was declared under (or "resource").</summary>
    public string Name { get; internal set; }
    /// <summary>True when defined by the component (type resource (rep i32)), false when imported/abstract.</summary>
    public bool IsLocal { get; }
    /// <summary>Core function index of the destructor of a local resource, if any.</summary>
    internal uint? Destructor { get; }
    /// <inheritdoc />
    public override string ToString() => Name;
}
