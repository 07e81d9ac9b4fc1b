namespace PluginHost.Plugins.Proto.Host;

/// <summary>Sends a plugin's own HTTP requests (the Extism kernel's http_request) through the run's URL policy, so
/// [settings.url-rewrites] and the allowed hosts apply to them as to downloads and send_request.</summary>
public sealed class ProtoUrlPolicyHandler : HttpMessageHandler
{
    private readonly HttpClient _inner;
    private readonly ProtoUrlPolicy _policy;

    /// <summary>Creates the handler over the node's HTTP client and a run's policy.</summary>
    public ProtoUrlPolicyHandler(HttpClient inner, ProtoUrlPolicy policy)
    {
        _inner = inner;
        _policy = policy;
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _inner.Send(Rewrite(request), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _inner.SendAsync(Rewrite(request), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>A copy of the request to its rewritten URL: the outer client marked the original as sent, and an
    /// HttpClient refuses to send a message twice.</summary>
    private HttpRequestMessage Rewrite(HttpRequestMessage request)
    {
        var target = _policy.Check(request.RequestUri!.AbsoluteUri);
        if (target.IsFile) throw new HttpRequestException($"http_request cannot read {target} (file:// URLs are for downloads and send_request)");
        var copy = new HttpRequestMessage(request.Method, target) { Content = request.Content, Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var (name, values) in request.Headers) copy.Headers.TryAddWithoutValidation(name, values);
        return copy;
    }
}
