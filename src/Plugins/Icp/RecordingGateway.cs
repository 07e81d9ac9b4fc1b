using System.Text.Json;

namespace PluginHost.Plugins.Icp;

/// <summary>A gateway that journals every call through a callback and answers from a replies file.</summary>
/// <remarks>
/// Replies file: a JSON array of objects <c>{"canister": ID-or-name, "method": M, "reply": TEXT | "hex": HEX | "error": TEXT}</c>.
/// <c>reply</c> is UTF-8 text, <c>hex</c> raw bytes; a call with no matching entry fails with an error naming it.
/// </remarks>
public sealed class RecordingGateway : ICanisterGateway
{
    private readonly IReadOnlyDictionary<(string Canister, string Method), CanisterReply> _replies;
    private readonly Action<CanisterCall> _journal;

    /// <summary>Creates a gateway over known replies.</summary>
    public RecordingGateway(IReadOnlyDictionary<(string Canister, string Method), CanisterReply> replies, Action<CanisterCall> journal)
    {
        _replies = replies;
        _journal = journal;
    }

    /// <summary>Loads the replies file.</summary>
    public static RecordingGateway FromFile(string path, Action<CanisterCall> journal)
    {
        var replies = new Dictionary<(string, string), CanisterReply>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new SyncPluginException($"{path}: not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new SyncPluginException($"{path}: expected a JSON array of replies");
            var i = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                string Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()! : throw new SyncPluginException($"{path}: reply {i}: `{name}` (string) is required");
                var canister = Str("canister");
                var method = Str("method");
                CanisterReply reply;
                if (e.TryGetProperty("error", out var err)) reply = CanisterReply.Fail(err.GetString() ?? "");
                else if (e.TryGetProperty("hex", out var hex))
                {
                    try { reply = CanisterReply.Ok(Convert.FromHexString(hex.GetString() ?? "")); }
                    catch (FormatException) { throw new SyncPluginException($"{path}: reply {i}: `hex` is not hexadecimal"); }
                }
                else reply = CanisterReply.Ok(System.Text.Encoding.UTF8.GetBytes(Str("reply")));
                replies[(canister, method)] = reply;
                i++;
            }
        }
        return new RecordingGateway(replies, journal);
    }

    /// <inheritdoc />
    public Task<CanisterReply> CallAsync(CanisterCall call, CancellationToken cancellationToken)
    {
        _journal(call);
        return Task.FromResult(_replies.TryGetValue((call.CanisterId, call.Method), out var r)
            ? r
            : CanisterReply.Fail($"no recorded reply for {call.CanisterId}.{call.Method}"));
    }
}
