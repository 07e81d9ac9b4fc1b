using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using PluginHost.Plugins.Icp.Certificates;
using PluginHost.Plugins.Icp.Identities;

namespace PluginHost.Plugins.Icp.Agent;

/// <summary>Settings of an agent: retries on 429/5xx, polling of read_state, certificate freshness.</summary>
public sealed record AgentOptions
{
    /// <summary>Attempts of one HTTP request (429, 5xx and connection errors are retried with backoff).</summary>
    public int Attempts { get; init; } = 4;
    /// <summary>First backoff delay (doubles each retry).</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>First delay between read_state polls (doubles up to one second).</summary>
    public TimeSpan PollDelay { get; init; } = TimeSpan.FromMilliseconds(50);
    /// <summary>How long an update call may stay unanswered.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(4);
    /// <summary>Certificate freshness limits.</summary>
    public CertificateFreshness Freshness { get; init; } = CertificateFreshness.Default;
}

/// <summary>The IC HTTP interface as ic-agent speaks it: queries, update calls on the v3 synchronous endpoint with a
/// fall back to the v2 asynchronous call and read_state polling by request id; every certificate verified against the
/// root key before a reply is believed.</summary>
public sealed class IcpAgent(HttpClient http, Uri url, IcpIdentity identity, byte[] rootKeyDer, AgentOptions? options = null)
{
    private readonly AgentOptions _options = options ?? new AgentOptions();

    /// <summary>The identity calls are signed with.</summary>
    public IcpIdentity Identity => identity;

    /// <summary>The root key of <paramref name="url"/>'s network from <c>/api/v2/status</c> (local networks only).</summary>
    public static async Task<byte[]> FetchRootKeyAsync(HttpClient http, Uri url, CancellationToken ct)
    {
        byte[] body;
        try { body = await http.GetByteArrayAsync(new Uri(url, "api/v2/status"), ct).ConfigureAwait(false); }
        catch (HttpRequestException e) { throw new IcpAgentException($"network {url} does not answer /api/v2/status: {e.Message}"); }
        var status = CborMap.Read(body, $"{url} /api/v2/status");
        return status.GetValueOrDefault("root_key") as byte[] ?? throw new IcpAgentException($"{url} /api/v2/status has no root_key");
    }

    /// <summary>A signed update call to <paramref name="canister"/>, not sent yet: its request id is known before it goes out.</summary>
    public Envelope PrepareCall(byte[] canister, string method, byte[] arg) =>
        Envelope.Sign(Envelope.Call(identity.Principal, canister, method, arg, Expiry(), RandomNumberGenerator.GetBytes(16)), identity);

    /// <summary>Sends a prepared update call and waits for its certified outcome.</summary>
    public async Task<CanisterReply> SubmitAsync(byte[] canister, Envelope call, CancellationToken ct)
    {
        var id = Principal.ToText(canister);
        var (status, body) = await PostAsync($"api/v3/canister/{id}/call", call.Cbor, ct).ConfigureAwait(false);
        if (status == HttpStatusCode.OK)
        {
            var reply = CborMap.Read(body, "v3 call reply");
            if (reply.GetValueOrDefault("certificate") is byte[] certificate)
            {
                var outcome = Outcome(certificate, canister, call.RequestId);
                if (outcome is not null) return outcome;
            }
            else if (Equals(reply.GetValueOrDefault("status"), "non_replicated_rejection")) return Rejected(reply);
        }
        else if (status == HttpStatusCode.NotFound)
        {
            (status, body) = await PostAsync($"api/v2/canister/{id}/call", call.Cbor, ct).ConfigureAwait(false);
            if (status == HttpStatusCode.OK && CborMap.Read(body, "v2 call reply") is var r && r.ContainsKey("reject_code")) return Rejected(r);
            if (status != HttpStatusCode.Accepted) throw new IcpAgentException($"call was refused: HTTP {(int)status} {Text(body)}");
        }
        else if (status != HttpStatusCode.Accepted) throw new IcpAgentException($"call was refused: HTTP {(int)status} {Text(body)}");
        return await PollAsync(canister, call.RequestId, ct).ConfigureAwait(false);
    }

    /// <summary>Polls read_state for <paramref name="requestId"/> until it is replied, rejected or done (resumes a call sent earlier).</summary>
    public async Task<CanisterReply> PollAsync(byte[] canister, byte[] requestId, CancellationToken ct)
    {
        var id = Principal.ToText(canister);
        var deadline = DateTime.UtcNow + _options.CallTimeout;
        var delay = _options.PollDelay;
        while (true)
        {
            var request = Envelope.Sign(Envelope.ReadRequestStatus(identity.Principal, requestId, Expiry()), identity);
            var (status, body) = await PostAsync($"api/v2/canister/{id}/read_state", request.Cbor, ct).ConfigureAwait(false);
            if (status != HttpStatusCode.OK) throw new IcpAgentException($"read_state was refused: HTTP {(int)status} {Text(body)}");
            var certificate = CborMap.Read(body, "read_state reply").GetValueOrDefault("certificate") as byte[]
                ?? throw new IcpAgentException("read_state reply has no certificate");
            var outcome = Outcome(certificate, canister, requestId);
            if (outcome is not null) return outcome;
            if (DateTime.UtcNow > deadline) throw new IcpAgentException($"no answer to request {Convert.ToHexStringLower(requestId)} within {_options.CallTimeout.TotalSeconds:F0} s");
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>A query call; the reply is believed only when the node signatures on it verify against the keys of the
    /// canister's subnet (read from a verified certificate, cached five minutes, refreshed once when a check fails).</summary>
    public async Task<CanisterReply> QueryAsync(byte[] canister, string method, byte[] arg, CancellationToken ct)
    {
        var request = Envelope.Sign(Envelope.Query(identity.Principal, canister, method, arg, Expiry()), identity);
        var keys = NodeKeysAsync(canister, refresh: false, ct);
        var (status, body) = await PostAsync($"api/v2/canister/{Principal.ToText(canister)}/query", request.Cbor, ct).ConfigureAwait(false);
        if (status != HttpStatusCode.OK) throw new IcpAgentException($"query was refused: HTTP {(int)status} {Text(body)}");
        var reply = CborMap.Read(body, "query reply");
        try { QuerySignatures.Verify(reply, request.RequestId, await keys.ConfigureAwait(false), DateTimeOffset.UtcNow, _options.Freshness); }
        catch (IcpAgentException)
        {
            QuerySignatures.Verify(reply, request.RequestId, await NodeKeysAsync(canister, refresh: true, ct).ConfigureAwait(false),
                DateTimeOffset.UtcNow, _options.Freshness);
        }
        return Equals(reply.GetValueOrDefault("status"), "replied")
            ? CanisterReply.Ok((reply.GetValueOrDefault("reply") as Dictionary<string, object?>)?.GetValueOrDefault("arg") as byte[]
                ?? throw new IcpAgentException("query reply has no reply.arg"))
            : Rejected(reply);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (SubnetNodeKeys Keys, DateTime Expires)> _nodeKeys = new();

    /// <summary>The node keys of <paramref name="canister"/>'s subnet, from cache unless <paramref name="refresh"/>.</summary>
    private async Task<SubnetNodeKeys> NodeKeysAsync(byte[] canister, bool refresh, CancellationToken ct)
    {
        var id = Principal.ToText(canister);
        if (!refresh && _nodeKeys.TryGetValue(id, out var cached) && cached.Expires > DateTime.UtcNow) return cached.Keys;
        var request = Envelope.Sign(Envelope.ReadSubnet(identity.Principal, Expiry()), identity);
        var (status, body) = await PostAsync($"api/v2/canister/{id}/read_state", request.Cbor, ct).ConfigureAwait(false);
        if (status != HttpStatusCode.OK) throw new IcpAgentException($"read_state of /subnet was refused: HTTP {(int)status} {Text(body)}");
        var cbor = CborMap.Read(body, "read_state reply").GetValueOrDefault("certificate") as byte[]
            ?? throw new IcpAgentException("read_state reply has no certificate");
        Certificate certificate;
        try { certificate = CertificateVerifier.Verify(cbor, rootKeyDer, canister, DateTimeOffset.UtcNow, _options.Freshness); }
        catch (CertificateException e) { throw new IcpAgentException($"subnet keys failed verification: {e.Message}"); }
        var keys = SubnetNodeKeys.From(certificate, rootKeyDer, canister);
        _nodeKeys[id] = (keys, DateTime.UtcNow.AddMinutes(5));
        return keys;
    }

    /// <summary>The outcome certified for <paramref name="requestId"/>, or null while it is still being processed.</summary>
    private CanisterReply? Outcome(byte[] cbor, byte[] canister, byte[] requestId)
    {
        Certificate certificate;
        try { certificate = CertificateVerifier.Verify(cbor, rootKeyDer, canister, DateTimeOffset.UtcNow, _options.Freshness); }
        catch (CertificateException e) { throw new IcpAgentException($"reply failed verification: {e.Message}"); }
        byte[] Label(string s) => Encoding.UTF8.GetBytes(s);
        var status = certificate.Lookup(Label("request_status"), requestId, Label("status"));
        if (status.Status != LookupStatus.Found) return null;
        switch (Encoding.UTF8.GetString(status.Value!))
        {
            case "replied":
                var reply = certificate.Lookup(Label("request_status"), requestId, Label("reply"));
                return reply.Status == LookupStatus.Found ? CanisterReply.Ok(reply.Value!) : throw new IcpAgentException("certificate says replied but has no reply");
            case "rejected":
                var code = certificate.Lookup(Label("request_status"), requestId, Label("reject_code")).Value ?? [];
                var message = certificate.Lookup(Label("request_status"), requestId, Label("reject_message")).Value ?? [];
                return Reject(Leb128.ReadUnsigned(code, "reject_code"), Encoding.UTF8.GetString(message));
            case "done":
                throw new IcpAgentException($"request {Convert.ToHexStringLower(requestId)} is done and its reply is no longer available");
            default:
                return null;
        }
    }

    private static CanisterReply Rejected(Dictionary<string, object?> reply) =>
        Reject(reply.GetValueOrDefault("reject_code") is ulong c ? c : 0, reply.GetValueOrDefault("reject_message") as string ?? "");

    private static CanisterReply Reject(ulong code, string message) =>
        CanisterReply.Fail($"the replica returned a rejection error: reject code {RejectName(code)}, reject message {message}");

    private static string RejectName(ulong code) => code switch
    {
        1 => "SysFatal", 2 => "SysTransient", 3 => "DestinationInvalid", 4 => "CanisterReject", 5 => "CanisterError", 6 => "SysUnknown",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<(HttpStatusCode Status, byte[] Body)> PostAsync(string path, byte[] cbor, CancellationToken ct)
    {
        var delay = _options.Backoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(cbor);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/cbor");
                using var response = await http.PostAsync(new Uri(url, path), content, ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                if ((code == 429 || code >= 500) && attempt < _options.Attempts) { }
                else return (response.StatusCode, body);
            }
            catch (HttpRequestException e) when (attempt < _options.Attempts) { _ = e; }
            catch (HttpRequestException e) { throw new IcpAgentException($"network {url} does not answer: {e.Message}"); }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested) { throw new IcpAgentException($"network {url} timed out: {e.Message}"); }
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay *= 2;
        }
    }

    private static ulong Expiry() => (ulong)(DateTimeOffset.UtcNow.AddMinutes(4) - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static string Text(byte[] body) => body.Length == 0 ? "" : Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200))).ReplaceLineEndings(" ");
}
