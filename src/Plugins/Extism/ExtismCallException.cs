namespace PluginHost.Plugins.Extism;

/// <summary>A plugin call that failed: the plugin set an error, returned non-zero, trapped or broke a limit.</summary>
public sealed class ExtismCallException : Exception
{
    /// <summary>Creates the failure for a function.</summary>
    public ExtismCallException(string function, string message, Exception? inner = null)
        : base($"{function}: {message}", inner)
    {
        Function = function;
        PluginMessage = message;
    }

    /// <summary>The export that was called.</summary>
    public string Function { get; }
    /// <summary>What the plugin (or the host on its behalf) said went wrong.</summary>
    public string PluginMessage { get; }
}
