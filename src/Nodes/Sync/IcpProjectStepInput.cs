using System.Text.Json;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Sync;

/// <summary>The input of an "icp-project" step: everything a cluster node needs to run one sync step of a canister,
/// by paths every node can read (the project directory and the replies file of a dry run).</summary>
/// <param name="Project">Absolute path of the project directory holding icp.yaml.</param>
/// <param name="Environment">The environment name.</param>
/// <param name="Canister">The canister.</param>
/// <param name="Index">Index of the step in the canister's sync steps.</param>
/// <param name="Replies">Absolute path of the replies file answering canister calls (dry run).</param>
/// <param name="ComputeLimitSeconds">The plugin compute-time limit.</param>
/// <param name="Proxy">Proxy canister for update calls with direct=false.</param>
public sealed record IcpProjectStepInput(string Project, string Environment, string Canister, int Index, string Replies, double ComputeLimitSeconds, string? Proxy = null)
{
    /// <summary>The input as step payload (JSON text).</summary>
    public Payload ToPayload() => Payload.OfText(JsonSerializer.Serialize(this, RunJson.Options));

    /// <summary>Reads a step's input; throws <see cref="FormatException"/> naming what is missing.</summary>
    public static IcpProjectStepInput Parse(Payload input)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<IcpProjectStepInput>(input.Text ?? "", RunJson.Options);
            if (parsed is null || string.IsNullOrEmpty(parsed.Project) || string.IsNullOrEmpty(parsed.Environment) || string.IsNullOrEmpty(parsed.Canister) || string.IsNullOrEmpty(parsed.Replies))
                throw new FormatException("expected {\"project\", \"environment\", \"canister\", \"index\", \"replies\"}");
            return parsed;
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid icp-project step input: {e.Message}", e);
        }
    }
}
