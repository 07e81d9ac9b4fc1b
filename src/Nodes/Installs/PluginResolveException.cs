namespace PluginHost.Nodes.Installs;

/// <summary>A plugin locator could not be turned into a verified local module; the message names the file and tool.</summary>
public sealed class PluginResolveException(string message) : Exception(message);
