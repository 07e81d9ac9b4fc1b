using PluginHost.Tests.Common;

namespace PluginHost.Actors.Tests.Journal;

/// A small tmpfs mounted on a temp directory (needs root or CAP_SYS_ADMIN); unmounted and removed on dispose.
public sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    private TmpfsMount(string path) => Path = path;

    /// The mount point.
    public string Path { get; }

    /// Why tmpfs cannot be mounted here, or null when it can.
    public static string? WhyUnavailable => Unavailable.Value;

    public static TmpfsMount Create(string size, string? owner = null)
    {
        var dir = Directory.CreateTempSubdirectory("pluginhost-tmpfs-").FullName;
        var error = ExternalCommand.Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", dir);
        if (error is not null)
        {
            Directory.Delete(dir);
            throw new InvalidOperationException($"cannot mount a tmpfs on {dir}: {error}");
        }
        var mount = new TmpfsMount(dir);
        if (owner is not null && ExternalCommand.Run("chown", $"{owner}:{owner}", dir) is { } chownError)
        {
            mount.Dispose();
            throw new InvalidOperationException($"cannot give {dir} to {owner}: {chownError}");
        }
        return mount;
    }

    /// Remounts the file system read-only (fails while any file on it is open for writing).
    public void RemountReadOnly()
    {
        var error = ExternalCommand.Run("mount", "-o", "remount,ro", Path);
        if (error is not null) throw new InvalidOperationException($"cannot remount {Path} read-only: {error}");
    }

    public void Dispose()
    {
        if (ExternalCommand.Run("umount", Path) is not null) ExternalCommand.Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static string? Probe()
    {
        try
        {
            using var mount = Create("64k");
            return null;
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}

/// A fact that needs to mount tmpfs; skipped, with the reason, only where mounting is impossible (not root).
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.WhyUnavailable is { } why) Skip = $"needs to mount a tmpfs (run as root): {why}";
    }
}
