using System.Net;
using System.Net.Http.Headers;
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

    /// <summary>Removes a cached file, its marker and any partial download of it.</summary>
    public static void Forget(string path)
    {
        File.Delete(path);
        File.Delete(path + ".verified");
        PartialDownload.Discard(path);
    }

    /// <summary>
    /// Downloads url to path (through a .part file that survives failures and is resumed with an HTTP Range request),
    /// retrying network errors and 5xx/408/429 responses up to retries times; other HTTP errors fail at once.
    /// Reports (downloaded, total) after each chunk, counting resumed bytes as downloaded.
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

    private async Task<HttpResponseMessage> SendAsync(Uri url, IReadOnlyDictionary<string, string>? headers, PartialDownload? resume, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (key, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(key, value);
        if (resume is not null)
        {
            request.Headers.Range = new RangeHeaderValue(resume.Length, null);
            request.Headers.TryAddWithoutValidation("If-Range", resume.Validator);
        }
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || (resume is not null && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)) return response;
        var (status, reason) = (response.StatusCode, response.ReasonPhrase);
        response.Dispose();
        throw new HttpRequestException($"GET {url} answered {(int)status} {reason}", null, status);
    }

    private async Task AttemptAsync(Uri url, string path, IReadOnlyDictionary<string, string>? headers, TimeSpan attemptTimeout,
        Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        try
        {
            if (url.IsFile)
                await CopyFileAsync(url, path, progress, timeout.Token).ConfigureAwait(false);
            else
            {
                await using var held = await FileLock.AcquireAsync(Path.GetDirectoryName(path)!, timeout.Token).ConfigureAwait(false);
                await FetchAsync(url, path, headers, progress, timeout.Token).ConfigureAwait(false);
            }
            File.Delete(path + ".verified");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"GET {url} did not finish within {attemptTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// Fetches url into path through path.part: a partial file left by an earlier attempt (or a killed process) whose
    /// server validator (ETag, else Last-Modified) was recorded is resumed with "Range: bytes=N-" and If-Range; a 206
    /// answer is appended, a 200 answer (the file changed, or no range support) starts from zero. A connection that
    /// drops keeps the partial file for the next attempt.
    /// </summary>
    private async Task FetchAsync(Uri url, string path, IReadOnlyDictionary<string, string>? headers, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        var resume = PartialDownload.Find(path, url);
        using (var response = await SendAsync(url, headers, resume, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The kept bytes do not fit the file (e.g. it shrank under an unchanged validator): the next attempt starts from zero.
                PartialDownload.Discard(path);
                throw new IOException($"GET {url} refused the range of a {resume!.Length}-byte partial download (416); it starts again from zero");
            }
            long offset = 0;
            long? total = response.Content.Headers.ContentLength;
            if (resume is not null && response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != resume.Length)
                {
                    PartialDownload.Discard(path);
                    throw new IOException($"GET {url} answered 206 with Content-Range '{range}' for a request from byte {resume.Length}");
                }
                offset = resume.Length;
                total = range.Length ?? (total is { } rest ? offset + rest : null);
            }
            else if (response.StatusCode == HttpStatusCode.PartialContent)
                throw new IOException($"GET {url} answered 206 to a request without a range");
            else
                PartialDownload.Start(path, url, response);

            var part = PartialDownload.PartPath(path);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            long done = offset;
            await using (var file = new FileStream(part, offset > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int n;
                progress?.Invoke(done, total);
                while ((n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    done += n;
                    progress?.Invoke(done, total);
                }
            }
            if (total is { } expected && done != expected)
                throw new IOException($"GET {url} ended after {done} of {expected} bytes");
            File.Move(part, path, overwrite: true);
            PartialDownload.Discard(path);
        }
    }

    private static async Task CopyFileAsync(Uri url, string path, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(url.LocalPath))
            throw new HttpRequestException($"{url} does not exist", null, HttpStatusCode.NotFound);
        var part = path + ".copy-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var total = new FileInfo(url.LocalPath).Length;
            await using (var source = new FileStream(url.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                progress?.Invoke(0, total);
                await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                progress?.Invoke(total, total);
            }
            File.Move(part, path, overwrite: true);
        }
        finally
        {
            File.Delete(part);
        }
    }
}
