using System.Text.Json;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Sync;

/// <summary>The input of one icp sync step in a run spec: everything needed to run it again after a restart
/// (`pluginhost resume`), not only in the `pluginhost sync` process that submitted it.</summary>
/// <param name="Project">Absolute project directory (holding icp.yaml).</param>
/// <param name="Environment">Environment name.</param>
/// <param name="Proxy">Proxy canister id, or null.</param>
/// <param name="Replies">Absolute path of the recording gateway's replies file.</param>
/// <param name="CallsLog">Absolute path of the file every sent call is appended to as a JSON line, or null.</param>
/// <param name="ComputeLimitSeconds">The compute limit in force when the run was submitted.</param>
/// <param name="Canister">Canister name.</param>
/// <param name="Step">Index of the step in the canister's sync steps.</param>
/// <param name="Network">Network URL or name the calls go to (`ic`, `local`, URL), or null for the recording gateway.</param>
/// <param name="Identity">icp-cli identity name, or null for its default.</param>
/// <param name="IdentityPasswordFile">Absolute path of the file holding a password-protected identity's password (the
/// path is journaled, never the password), or null.</param>
public sealed record IcpStepInput(string Project, string Environment, string? Proxy, string Replies, string? CallsLog,
    long ComputeLimitSeconds, string Canister, int Step, string? Network = null, string? Identity = null,
    string? IdentityPasswordFile = null)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The step input payload.</summary>
    public Payload ToPayload() => Payload.OfText(JsonSerializer.Serialize(this, Json));

    /// <summary>Reads a step input; null when the payload is not one.</summary>
    public static IcpStepInput? From(Payload payload)
    {
        try
        {
            return payload.Text is { } text ? JsonSerializer.Deserialize<IcpStepInput>(text, Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The key of the session (project, gateway, limits) this step runs in.</summary>
    public IcpStepInput SessionKey() => this with { Canister = "", Step = 0 };
}
