using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using PluginHost.Actors.Runs;
using PluginHost.Nodes.Server;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Client;

/// <summary>Talks to a node's HTTP API (`--server URL`): submits and reads runs, follows their events, lists nodes.</summary>
public sealed class PluginHostClient(Uri server, HttpClient? http = null) : IDisposable
{
    private readonly HttpClient http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The node's base address.</summary>
    public Uri Server { get; } = server;

    /// <summary>Reads a --server value such as "http://127.0.0.1:8080"; throws <see cref="FormatException"/> naming it.</summary>
    public static Uri ParseServer(string value) =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"--server: expected an http(s) URL such as http://127.0.0.1:8080, got '{value}'");

    /// <summary>Submits a run; throws <see cref="PluginHostClientException"/> with the server's message when refused.</summary>
    public async Task<RunAcceptedResponse> SubmitAsync(RunSpec spec, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(RunJson.Serialize(spec), Encoding.UTF8, "application/json");
        using var response = await SendAsync(() => http.PostAsync(Url("runs"), content, cancellationToken));
        return await ReadAsync<RunAcceptedResponse>(response, cancellationToken);
    }

    /// <summary>Lists the runs.</summary>
    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<RunSummary>>("runs", cancellationToken);

    /// <summary>Reads one run and its items.</summary>
    public Task<RunDetails> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        GetAsync<RunDetails>($"runs/{Uri.EscapeDataString(runId)}", cancellationToken);

    /// <summary>Lists the cluster's nodes.</summary>
    public Task<IReadOnlyList<NodeMember>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<NodeMember>>("nodes", cancellationToken);

    /// <summary>Reads the events a run has journaled so far.</summary>
    public async Task<IReadOnlyList<JournalEntry>> ReadEventsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in EventsAsync(runId, 1, follow: false, cancellationToken)) entries.Add(entry);
        return entries;
    }

    /// <summary>Follows a run's events (server-sent events) from <paramref name="fromSequence"/> until RunCompleted.</summary>
    public IAsyncEnumerable<JournalEntry> FollowAsync(string runId, long fromSequence = 1, CancellationToken cancellationToken = default) =>
        EventsAsync(runId, fromSequence, follow: true, cancellationToken);

    private async IAsyncEnumerable<JournalEntry> EventsAsync(string runId, long fromSequence, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = follow ? $"from={fromSequence}" : $"from={fromSequence}&follow=false";
        using var request = new HttpRequestMessage(HttpMethod.Get, Url($"runs/{Uri.EscapeDataString(runId)}/events?{query}"));
        using var response = await SendAsync(() => http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken));
        if (!response.IsSuccessStatusCode) await ReadAsync<object>(response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        long id = 0;
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            else if (line.Length == 0 && data is not null)
            {
                if (type == "error") throw StoreFailure(ErrorOf(data));
                yield return new JournalEntry(runId, id, RunJson.DeserializeEvent(data), DateTimeOffset.UtcNow);
                (type, data) = (null, null);
            }
        }
    }

    // The reason of a JSON error answer, or null when the body is not one.
    private static string? ErrorOf(string body)
    {
        try { return System.Text.Json.JsonSerializer.Deserialize<ApiError>(body, RunJson.Options)?.Error; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private PluginHostClientException StoreFailure(string? reason) =>
        new($"{Server} failed: {reason ?? "an error event without a reason"}", nodeFailure: reason ?? "the node sent an error event without a reason");

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => http.Dispose();

    private Uri Url(string path) => new(Server, path);

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => http.GetAsync(Url(path), cancellationToken));
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try { return await send(); }
        catch (HttpRequestException e) { throw new PluginHostClientException($"cannot reach the node at {Server}: {e.Message}", e); }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var reason = ErrorOf(body);
            if (response.StatusCode == System.Net.HttpStatusCode.InternalServerError && reason is not null) throw StoreFailure(reason);
            throw new PluginHostClientException($"{Server} answered {(int)response.StatusCode} {response.ReasonPhrase}: {(reason ?? body).Trim()}");
        }
        return await response.Content.ReadFromJsonAsync<T>(NodeApi.JsonOptions, cancellationToken)
            ?? throw new PluginHostClientException($"{Server} answered with an empty body");
    }
}
