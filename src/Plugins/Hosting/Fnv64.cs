using System.Text;

namespace PluginHost.Plugins.Hosting;

/// <summary>FNV-1a 64 of a string's UTF-8 bytes as 16 hex digits: names for cache files whose content is verified anyway,
/// without loading the cryptography stack (OpenSSL) on a warm start.</summary>
public static class Fnv64
{
    /// <summary>Lowercase hex FNV-1a 64 of <paramref name="text"/>.</summary>
    public static string Hex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
