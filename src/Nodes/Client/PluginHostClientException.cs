namespace PluginHost.Nodes.Client;

/// <summary>A node could not be reached or refused a request; the message says which and why.</summary>
public sealed class PluginHostClientException(string message, Exception? inner = null) : Exception(message, inner);
