using System.Globalization;
using System.Security.Cryptography;

namespace PluginHost.Plugins.Hosting;

/// <summary>Remembers the SHA-256 of plugin files by (full path, length, last write time), one small entry file per path,
/// so a warm cache neither reads nor hashes an unchanged plugin. A changed length or write time is a miss; so is an
/// entry whose file was written within <see cref="RacyWindow"/> of being hashed (it may change again without its write
/// time moving), and an unreadable or malformed entry; a miss reads and hashes the file and records it again.</summary>
public sealed class SourceIndex
{
    /// <summary>Entries of files written this close to being hashed are not trusted (coarse write-time clocks).</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private const string Version = "pluginhost-source-index 1";
    private readonly string _directory;

    /// <summary>An index kept in <paramref name="directory"/> (created when first written).</summary>
    public SourceIndex(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = directory;
    }

    /// <summary>The SHA-256 of the file from its entry when the file is unchanged (bytes null), else by reading and hashing
    /// it (bytes: what was hashed) and recording it; throws what reading the file throws.</summary>
    public (string Sha256, byte[]? Bytes) Hash(string path)
    {
        var full = Path.GetFullPath(path);
        var before = new FileInfo(full);
        if (Lookup(full, before) is { } known) return (known, null);
        var bytes = File.ReadAllBytes(full);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var after = new FileInfo(full);
        if (Stamp(before) == Stamp(after) && DateTime.UtcNow - after.LastWriteTimeUtc > RacyWindow) Record(full, after, sha);
        return (sha, bytes);
    }

    /// <summary>The recorded hash of <paramref name="full"/> if its entry matches <paramref name="file"/>'s length and
    /// write time, else null.</summary>
    private string? Lookup(string full, FileInfo file)
    {
        if (!file.Exists) return null;
        try
        {
            var lines = File.ReadAllLines(EntryPath(full));
            if (lines is not [Version, var p, var stamp, var sha] || p != full || stamp != Stamp(file)) return null;
            return sha.Length == 64 && sha.All(char.IsAsciiHexDigitLower) ? sha : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Record(string full, FileInfo file, string sha)
    {
        var entry = EntryPath(full);
        var temp = $"{entry}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllText(temp, $"{Version}\n{full}\n{Stamp(file)}\n{sha}\n");
            File.Move(temp, entry, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); }
            catch (Exception f) when (f is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>The entry file of a path (the entry holds the full path too, so a name collision is only a miss).</summary>
    private string EntryPath(string full) => Path.Combine(_directory, Fnv64.Hex(full) + ".src");

    private static string Stamp(FileInfo f) =>
        f.Exists ? string.Create(CultureInfo.InvariantCulture, $"{f.Length} {f.LastWriteTimeUtc.Ticks}") : "missing";
}
