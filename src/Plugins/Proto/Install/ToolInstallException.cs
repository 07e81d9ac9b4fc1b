namespace PluginHost.Plugins.Proto.Install;

/// <summary>A failed tool install step; the message reads "TOOL: FUNCTION: what went wrong".</summary>
public sealed class ToolInstallException : Exception
{
    /// <summary>Creates the failure of a function of a tool.</summary>
    public ToolInstallException(string tool, string function, string message, Exception? inner = null)
        : base($"{tool}: {function}: {message}", inner)
    {
        Tool = tool;
        Function = function;
        Reason = message;
    }

    /// <summary>The tool id.</summary>
    public string Tool { get; }
    /// <summary>The plugin function (or install step) that failed.</summary>
    public string Function { get; }
    /// <summary>What went wrong, without the tool and function.</summary>
    public string Reason { get; }
}
