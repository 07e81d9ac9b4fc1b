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
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Rewrite(request);
        return _inner.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Rewrite(request);
        return _inner.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private void Rewrite(HttpRequestMessage request)
    {
        var target = _policy.Check(request.RequestUri!.AbsoluteUri);
        if (target.IsFile) throw new HttpRequestException($"http_request cannot read {target} (file:// URLs are for downloads and send_request)");
        request.RequestUri = target;
    }
}
