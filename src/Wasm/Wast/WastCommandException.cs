namespace PluginHost.Wasm.Wast;

/// <summary>A command that failed for a reason the runner states plainly (its message is the failure detail).</summary>
internal sealed class WastCommandException : Exception
{
    /// <summary>Creates the error.</summary>
    public WastCommandException(string message) : base(message) { }
}
