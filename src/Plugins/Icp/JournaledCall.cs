using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluginHost.Plugins.Icp;

/// <summary>A canister call a sync step made and got an answer to, as journaled (a step output on <see cref="Stream"/>).</summary>
/// <param name="Index">Position of the call among the step's calls that reached the gateway, from 0.</param>
/// <param name="CanisterId">Canister the call was sent to (after proxy routing).</param>
/// <param name="Method">Method called.</param>
/// <param name="ArgSha256">Lowercase hex SHA-256 of the argument bytes.</param>
/// <param name="IsQuery">Query (true) or update (false).</param>
/// <param name="Cycles">Cycles attached.</param>
/// <param name="ReplyHex">The reply bytes as hex; null when the call failed.</param>
/// <param name="Error">The call's error; null when it succeeded.</param>
/// <param name="RequestIdHex">The IC request id of an update call, journaled before it is sent; with neither reply nor
/// error the record is pending (sent, outcome unknown) and a retry polls that id instead of sending again.</param>
public sealed record JournaledCall(int Index, string CanisterId, string Method, string ArgSha256, bool IsQuery, ulong Cycles, string? ReplyHex, string? Error,
    string? RequestIdHex = null)
{
    /// <summary>Whether the call was sent and its outcome is not journaled yet.</summary>
    [JsonIgnore]
    public bool IsPending => ReplyHex is null && Error is null;

    /// <summary>The record of update call <paramref name="index"/> about to be sent as <paramref name="requestId"/>.</summary>
    public static JournaledCall Sending(int index, CanisterCall call, byte[] requestId) =>
        new(index, call.CanisterId, call.Method, Sha256(call.Arg), call.IsQuery, call.Cycles, null, null, Convert.ToHexStringLower(requestId));

    /// <summary>The step-output stream calls are journaled on.</summary>
    public const string Stream = "icp-call";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The record of call <paramref name="index"/> and its reply.</summary>
    public static JournaledCall Of(int index, CanisterCall call, CanisterReply reply) =>
        new(index, call.CanisterId, call.Method, Sha256(call.Arg), call.IsQuery, call.Cycles,
            reply.Error is null ? Convert.ToHexStringLower(reply.Reply ?? []) : null, reply.Error);

    /// <summary>Whether <paramref name="call"/> is the same request as this record's.</summary>
    public bool Matches(CanisterCall call) =>
        CanisterId == call.CanisterId && Method == call.Method && IsQuery == call.IsQuery && Cycles == call.Cycles && ArgSha256 == Sha256(call.Arg);

    /// <summary>The journaled reply.</summary>
    public CanisterReply Reply => Error is null ? CanisterReply.Ok(Convert.FromHexString(ReplyHex ?? "")) : CanisterReply.Fail(Error);

    /// <summary>The record as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses <see cref="ToJson"/>'s text; throws <see cref="SyncPluginException"/> on anything else.</summary>
    public static JournaledCall Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<JournaledCall>(json, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new SyncPluginException($"journaled canister call is not valid: {e.Message}: {json}");
        }
    }

    /// <summary>What the record names, for messages.</summary>
    public override string ToString() => $"#{Index} {(IsQuery ? "query" : "update")} {CanisterId}.{Method} (arg sha256 {ArgSha256[..12]}, {Cycles} cycles)";

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
