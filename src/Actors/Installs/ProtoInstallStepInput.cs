using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluginHost.Actors.Installs;

/// <summary>The input of a "proto-install" step: which tool, from which .prototools, into which data directory.</summary>
public sealed record ProtoInstallStepInput
{
    /// <summary>The tool id.</summary>
    [JsonPropertyName("tool")] public string Tool { get; init; } = "";
    /// <summary>Version, alias or range; null uses the plugin's default.</summary>
    [JsonPropertyName("version")] public string? Version { get; init; }
    /// <summary>Absolute path of the .prototools file (settings and [tools.ID] config are read from it).</summary>
    [JsonPropertyName("prototools")] public string ProtoTools { get; init; } = "";
    /// <summary>The node's data directory.</summary>
    [JsonPropertyName("dataDir")] public string DataDir { get; init; } = "";
    /// <summary>The project workspace (plugin working directory).</summary>
    [JsonPropertyName("workspace")] public string Workspace { get; init; } = "";
    /// <summary>Where version detection starts (the CLI's current directory); empty starts at the workspace.</summary>
    [JsonPropertyName("cwd")] public string WorkingDirectory { get; init; } = "";
    /// <summary>Host globs downloads and plugin requests may reach, as the node sets them; null leaves it to the
    /// .prototools [settings] allowed-hosts, else proto's default "*".</summary>
    [JsonPropertyName("allowedHosts")] public IReadOnlyList<string>? AllowedHosts { get; init; }
    /// <summary>Commands exec_command may run, as the node sets them (--allow-command); null runs every command, as proto does.</summary>
    [JsonPropertyName("allowedCommands")] public IReadOnlyList<string>? AllowedCommands { get; init; }

    /// <summary>Parses step input JSON; throws FormatException naming the missing field.</summary>
    public static ProtoInstallStepInput Parse(string? json)
    {
        ProtoInstallStepInput? input;
        try { input = JsonSerializer.Deserialize<ProtoInstallStepInput>(json ?? ""); }
        catch (JsonException e) { throw new FormatException($"proto-install input is not valid JSON: {e.Message}", e); }
        if (input is null) throw new FormatException("proto-install input is empty; expected {\"tool\":...}");
        if (input.Tool.Length == 0) throw new FormatException("proto-install input has no 'tool'");
        if (input.ProtoTools.Length == 0) throw new FormatException("proto-install input has no 'prototools' path");
        if (input.DataDir.Length == 0) throw new FormatException("proto-install input has no 'dataDir'");
        return input;
    }

    /// <summary>The input as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);
}
