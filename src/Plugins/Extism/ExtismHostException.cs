namespace PluginHost.Plugins.Extism;

/// <summary>A kernel or host function refused what the plugin asked (bad range, refused host, var limit): it ends the call
/// and becomes the call's <see cref="ExtismCallException"/> message.</summary>
public sealed class ExtismHostException : Exception
{
    /// <summary>Creates the failure with its one-line message.</summary>
    public ExtismHostException(string message, Exception? inner = null) : base(message, inner) { }
}
