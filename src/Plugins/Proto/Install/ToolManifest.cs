using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>
/// A tool's manifest.json (DATA/tools/ID/manifest.json, like proto's): the installed versions and per-version details.
/// An install adds its version; sync_manifest's "versions" list, when given, replaces the installed set (details of
/// versions kept stay, new ones get empty details).
/// </summary>
public sealed record ToolManifest
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The installed versions, sorted.</summary>
    [JsonPropertyName("installed_versions")] public IReadOnlyList<string> InstalledVersions { get; init; } = [];

    /// <summary>Details per installed version.</summary>
    [JsonPropertyName("versions")] public IReadOnlyDictionary<string, ToolManifestVersion> Versions { get; init; } = new Dictionary<string, ToolManifestVersion>();

    /// <summary>Reads a manifest; a missing file is an empty manifest; a malformed one is an error naming the file.</summary>
    public static ToolManifest Load(string path)
    {
        if (!File.Exists(path)) return new ToolManifest();
        try
        {
            return JsonSerializer.Deserialize<ToolManifest>(File.ReadAllText(path)) ?? new ToolManifest();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a tool manifest ({e.Message}); expected {{\"installed_versions\": [...], \"versions\": {{...}}}}", e);
        }
    }

    /// <summary>Writes the manifest (through a temporary file, so readers never see half of it).</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The manifest with version installed at a time (Unix milliseconds).</summary>
    public ToolManifest WithInstalled(string version, long installedAtMs)
    {
        var versions = new SortedDictionary<string, ToolManifestVersion>(Versions.ToDictionary(), StringComparer.Ordinal) { [version] = new ToolManifestVersion { InstalledAt = installedAtMs } };
        return new ToolManifest { InstalledVersions = versions.Keys.ToList(), Versions = versions };
    }

    /// <summary>The manifest whose installed set is exactly versions (sync_manifest's list).</summary>
    public ToolManifest WithInstalledSet(IEnumerable<string> versions)
    {
        var kept = new SortedDictionary<string, ToolManifestVersion>(StringComparer.Ordinal);
        foreach (var v in versions.Select(v => v.Trim()).Where(v => v.Length > 0))
            kept[v] = Versions.GetValueOrDefault(v) ?? new ToolManifestVersion();
        return new ToolManifest { InstalledVersions = kept.Keys.ToList(), Versions = kept };
    }
}
