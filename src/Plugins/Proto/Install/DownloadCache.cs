using System.Net;
using System.Security.Cryptography;
using System.Text;
using PluginHost.Plugins.Checksums;
using Polly;
using Polly.Retry;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>Downloads (http(s), or file:// copies) into a cache keyed by URL, with retries and byte progress; a verified download carries a ".verified" marker holding its SHA-256.</summary>
public sealed class DownloadCache
{
    private readonly string _root;
    private readonly HttpClient _http;

    /// <summary>Creates a cache under root using an HTTP client.</summary>
    public DownloadCache(string root, HttpClient http)
    {
        _root = root;
        _http = http;
    }

    /// <summary>The cached path of a URL's file (root/KEY/NAME, KEY from the URL's SHA-256).</summary>
    public string PathFor(Uri url, string fileName)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..20];
        return Path.Join(_root, key, fileName);
    }

    /// <summary>Whether the file has a ".verified" marker that matches its current SHA-256.</summary>
    public static async Task<bool> IsVerifiedAsync(string path, CancellationToken cancellationToken)
    {
        var marker = path + ".verified";
        if (!File.Exists(path) || !File.Exists(marker)) return false;
        var recorded = (await File.ReadAllTextAsync(marker, cancellationToken).ConfigureAwait(false)).Trim();
        var actual = "sha256:" + await ChecksumVerifier.ComputeHexAsync(path, ChecksumAlgorithm.Sha256, cancellationToken).ConfigureAwait(false);
        return string.Equals(recorded, actual, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Records that the file was verified, with its SHA-256.</summary>
    public static async Task MarkVerifiedAsync(string path, CancellationToken cancellationToken)
    {
        var hash = await ChecksumVerifier.ComputeHexAsync(path, ChecksumAlgorithm.Sha256, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(path + ".verified", "sha256:" + hash + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a cached file and its marker.</summary>
    public static void Forget(string path)
    {
        File.Delete(path);
        File.Delete(path + ".verified");
    }

    /// <summary>
    /// Downloads url to path (through a .part file), retrying network errors and 5xx/408/429 responses up to retries times;
    /// other HTTP errors fail at once. Reports (downloaded, total) after each chunk.
    /// </summary>
    public async Task DownloadAsync(Uri url, string path, IReadOnlyDictionary<string, string>? headers, int retries, TimeSpan retryDelay,
        TimeSpan attemptTimeout, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var builder = new ResiliencePipelineBuilder();
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                Delay = retryDelay,
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>(e => e.StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                    .Handle<IOException>()
                    .Handle<TimeoutException>(),
            });
        }
        var pipeline = builder.Build();
        await pipeline.ExecuteAsync(async ct => await AttemptAsync(url, path, headers, attemptTimeout, progress, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (key, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(key, value);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        response.Dispose();
        throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
    }

    private async Task AttemptAsync(Uri url, string path, IReadOnlyDictionary<string, string>? headers, TimeSpan attemptTimeout,
        Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        var part = path + ".part-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using var response = url.IsFile ? null : await SendAsync(url, headers, timeout.Token).ConfigureAwait(false);
            if (url.IsFile && !File.Exists(url.LocalPath))
                throw new HttpRequestException($"{url} does not exist", null, HttpStatusCode.NotFound);
            var total = response is null ? new FileInfo(url.LocalPath).Length : response.Content.Headers.ContentLength;
            await using var body = response is null
                ? new FileStream(url.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
                : await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                long done = 0;
                int n;
                progress?.Invoke(0, total);
                while ((n = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, n), timeout.Token).ConfigureAwait(false);
                    done += n;
                    progress?.Invoke(done, total);
                }
                if (total is { } expected && done != expected)
                    throw new IOException($"GET {url} ended after {done} of {expected} bytes");
            }
            File.Move(part, path, overwrite: true);
            File.Delete(path + ".verified");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            File.Delete(part);
            throw new TimeoutException($"GET {url} did not finish within {attemptTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            File.Delete(part);
            throw;
        }
    }
}
