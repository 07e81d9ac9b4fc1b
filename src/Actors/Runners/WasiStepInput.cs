using System.Text.Json;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runners;

/// <summary>The input of a "wasi" step: arguments after argv[0], environment and preopened directories.</summary>
/// <param name="Args">Arguments after argv[0] (argv[0] is the plugin's file name).</param>
/// <param name="Env">Environment variables.</param>
/// <param name="Dirs">Host directories made visible to the guest.</param>
public sealed record WasiStepInput(
    IReadOnlyList<string>? Args = null,
    IReadOnlyDictionary<string, string>? Env = null,
    IReadOnlyList<WasiStepDir>? Dirs = null)
{
    /// <summary>Reads the step input (JSON text; empty means no arguments); throws <see cref="FormatException"/> naming the problem.</summary>
    public static WasiStepInput Parse(Payload input)
    {
        if (input.Text is null) throw new FormatException("a wasi step's input must be JSON text, not bytes");
        if (string.IsNullOrWhiteSpace(input.Text)) return new WasiStepInput();
        try
        {
            return JsonSerializer.Deserialize<WasiStepInput>(input.Text, RunJson.Options)
                ?? throw new FormatException("a wasi step's input must be a JSON object, not null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid wasi step input (expected {{\"args\": [...], \"env\": {{...}}, \"dirs\": [{{\"host\": ..., \"guest\": ...}}]}}): {e.Message}", e);
        }
    }

    /// <summary>The input as the JSON text a step spec carries.</summary>
    public Payload ToPayload() => Payload.OfText(JsonSerializer.Serialize(this, RunJson.Options));
}

/// <summary>A preopened directory of a "wasi" step.</summary>
/// <param name="Host">The host directory.</param>
/// <param name="Guest">Where the guest sees it; defaults to the host path.</param>
/// <param name="ReadOnly">True to forbid writes (default: read-write).</param>
public sealed record WasiStepDir(string Host, string? Guest = null, bool ReadOnly = false);
