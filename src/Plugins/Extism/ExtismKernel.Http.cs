using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PluginHost.Plugins.Extism;

public sealed partial class ExtismKernel
{
    private readonly HttpClient? _http;
    private byte[]? _httpHeaders;

    /// <summary>Status code of the last http_request.</summary>
    public int HttpStatus { get; private set; }

    private long HttpRequest(long requestHandle, long bodyHandle)
    {
        var request = ParseRequest(ReadString(requestHandle));
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ExtismHostException($"http_request: invalid URL '{request.Url}'");
        if (!HostAllowed(uri.Host))
            throw new ExtismHostException($"http_request: HTTP request to '{uri.Host}' is not allowed (allowed hosts: {(_manifest.AllowedHosts.Count == 0 ? "none" : string.Join(", ", _manifest.AllowedHosts))}; add it to {_manifest.AllowedHostsSetting})");
        var http = _http ?? throw new ExtismHostException("http_request: this host has no HTTP client configured");
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (bodyHandle != 0) message.Content = new ByteArrayContent(Memory.Read(bodyHandle).ToArray());
        foreach (var (key, value) in request.Headers)
            if (!message.Headers.TryAddWithoutValidation(key, value)) message.Content?.Headers.TryAddWithoutValidation(key, value);
        HttpResponseMessage response;
        try
        {
            response = http.Send(message, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new ExtismHostException($"http_request: {request.Method} {uri} failed: {e.Message}", e);
        }
        using var _ = response;
        HttpStatus = (int)response.StatusCode;
        if (_manifest.HttpResponseHeaders)
            _httpHeaders = JsonSerializer.SerializeToUtf8Bytes(response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value)));
        using var stream = response.Content.ReadAsStream();
        var body = ReadCapped(stream, _manifest.MaxHttpResponseBytes, uri);
        return Memory.AllocBytes(body);
    }

    private static byte[] ReadCapped(Stream stream, long cap, Uri uri)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + n > cap)
                throw new ExtismHostException($"http_request: response from {uri} exceeds the limit of {cap} bytes");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private bool HostAllowed(string host) =>
        _manifest.AllowedHosts.Any(glob => Regex.IsMatch(host, "^" + Regex.Escape(glob).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase));

    private sealed record HttpRequestSpec(string Url, string Method, IReadOnlyDictionary<string, string> Headers);

    private static HttpRequestSpec ParseRequest(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var url = root.GetProperty("url").GetString() ?? "";
            var method = root.TryGetProperty("method", out var m) && m.GetString() is { Length: > 0 } s ? s.ToUpperInvariant() : "GET";
            var headers = new Dictionary<string, string>();
            if (root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
                foreach (var p in h.EnumerateObject()) headers[p.Name] = p.Value.GetString() ?? "";
            return new HttpRequestSpec(url, method, headers);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ExtismHostException($"http_request: malformed request JSON ({e.Message}); expected {{\"url\": ..., \"method\": ..., \"headers\": {{...}}}}");
        }
    }
}
