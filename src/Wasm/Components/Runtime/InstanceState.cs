namespace PluginHost.Wasm.Components.Runtime;

/// <summary>Runtime state of one component instance: its handle table and reentrance flag.</summary>
internal sealed class InstanceState(Store store, Dictionary<ResourceTypeDef, ResourceType> resources)
{
    public Store Store { get; } = store;
    public HandleTable Handles { get; } = new();
    /// <summary>Declared resource types bound to runtime types (shared by all instances of one instantiation).</summary>
    public Dictionary<ResourceTypeDef, ResourceType> Resources { get; } = resources;
    /// <summary>False while a lifted export of this instance runs (the component model forbids reentrance).</summary>
    public bool MayEnter { get; set; } = true;
    /// <summary>Set when a call into the instance trapped: the instance may be inconsistent and refuses further calls.</summary>
    public bool Poisoned { get; set; }

    public ResourceType? Resolve(ResourceTypeDef def) => Resources.GetValueOrDefault(def);
}
