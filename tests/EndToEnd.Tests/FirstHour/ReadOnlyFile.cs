using PluginHost.Tests.Common;

namespace PluginHost.EndToEnd.Tests.FirstHour;

/// <summary>A file made read-only for the test: mode 0444 (0644 again afterwards), and immutable (chattr +i) for root, whom the mode does not stop.</summary>
internal sealed class ReadOnlyFile : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);
    private readonly string _path;
    private readonly bool _immutable;

    private ReadOnlyFile(string path)
    {
        _path = path;
        if (ExternalCommand.Run("chmod", "0444", path) is { } chmod) throw new InvalidOperationException(chmod);
        _immutable = Environment.UserName == "root";
        if (_immutable && ExternalCommand.Run("chattr", "+i", path) is { } error)
        {
            ExternalCommand.Run("chmod", "0644", path);
            throw new InvalidOperationException(error);
        }
    }

    /// <summary>Why no file can be made read-only here; null when one can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Makes <paramref name="path"/> read-only until disposed.</summary>
    public static ReadOnlyFile Make(string path) => new(path);

    /// <summary>Makes the file writable again.</summary>
    public void Dispose()
    {
        if (_immutable) ExternalCommand.Run("chattr", "-i", _path);
        ExternalCommand.Run("chmod", "0644", _path);
    }

    private static string? Probe()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (Make(path))
            {
                try
                {
                    using (File.OpenWrite(path)) { }
                    return "a read-only file can still be opened for writing here";
                }
                catch (UnauthorizedAccessException) { return null; }
                catch (IOException) { return null; }
            }
        }
        catch (Exception e)
        {
            return e.Message;
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>A fact that needs a read-only file; skipped, with the reason, where none can be made (root without chattr).</summary>
public sealed class ReadOnlyFileFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when a file cannot be made read-only.</summary>
    public ReadOnlyFileFactAttribute()
    {
        if (ReadOnlyFile.WhyUnavailable is { } why) Skip = $"needs a read-only file: {why}";
    }
}
