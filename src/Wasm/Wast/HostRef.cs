namespace PluginHost.Wasm.Wast;

/// <summary>The host object a script's <c>ref.extern N</c> stands for, identified by N.</summary>
/// <param name="Id">The number N.</param>
internal sealed record HostRef(ulong Id)
{
    /// <summary>Text form as in the script.</summary>
    public override string ToString() => $"ref.extern {Id}";
}
