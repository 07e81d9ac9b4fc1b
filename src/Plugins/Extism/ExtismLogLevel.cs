namespace PluginHost.Plugins.Extism;

/// <summary>Log levels in the numbering get_log_level uses (a message is emitted when its level is at least the current one).</summary>
public enum ExtismLogLevel
{
    /// <summary>Most detailed.</summary>
    Trace = 0,
    /// <summary>Debugging detail.</summary>
    Debug = 1,
    /// <summary>Normal information.</summary>
    Info = 2,
    /// <summary>Warnings.</summary>
    Warn = 3,
    /// <summary>Errors.</summary>
    Error = 4,
    /// <summary>Nothing is logged.</summary>
    Off = int.MaxValue,
}
