namespace PluginHost.Nodes.Client;

/// <summary>A node could not be reached or refused a request; the message says which and why.</summary>
/// <param name="message">What went wrong, naming the node.</param>
/// <param name="inner">The cause, if any.</param>
/// <param name="nodeFailure">The node's own one-line reason when it failed serving the request (a 500 answer with a JSON error,
/// or an `error` event), e.g. a run journal this version cannot read: the same line a local command prints.</param>
public sealed class PluginHostClientException(string message, Exception? inner = null, string? nodeFailure = null) : Exception(message, inner)
{
    /// <summary>The node's one-line reason when it failed serving the request (not refused it), else null.</summary>
    public string? NodeFailure { get; } = nodeFailure;
}
