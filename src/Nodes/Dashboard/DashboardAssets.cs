using System.Collections.Frozen;
using System.Reflection;

namespace PluginHost.Nodes.Dashboard;

/// <summary>The dashboard's static files (HTML shell, CSS, JavaScript), embedded in the binary as resources "dashboard/NAME".</summary>
public static class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>The bytes and content type of asset <paramref name="name"/> (e.g. "app.js"), or null when there is none.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string name) =>
        Files.TryGetValue(name, out var bytes) && ContentTypes.TryGetValue(Path.GetExtension(name), out var type) ? (bytes, type) : null;

    /// <summary>The text of asset <paramref name="name"/>; throws when the binary was built without it.</summary>
    public static string Text(string name) => Files.TryGetValue(name, out var bytes)
        ? System.Text.Encoding.UTF8.GetString(bytes)
        : throw new InvalidOperationException($"dashboard asset '{name}' is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}");

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[Prefix.Length..]] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
