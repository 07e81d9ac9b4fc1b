using PluginHost.Tests.Common;

namespace PluginHost.EndToEnd.Tests.FirstHour;

/// <summary>A temp directory bind-mounted on a second one that can be made read-only (root can write through chmod,
/// not through a read-only mount); unmounted and removed on dispose.</summary>
internal sealed class ReadOnlyMount : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    private ReadOnlyMount(string source, string path)
    {
        Source = source;
        Path = path;
    }

    /// <summary>The writable directory behind the mount.</summary>
    public string Source { get; }

    /// <summary>The mount point (read-only after <see cref="MakeReadOnly"/>).</summary>
    public string Path { get; }

    /// <summary>Why a bind mount cannot be made here (not root, no CAP_SYS_ADMIN), or null.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Bind-mounts a new temp directory on another (writable until <see cref="MakeReadOnly"/>).</summary>
    public static ReadOnlyMount Create()
    {
        var source = Directory.CreateTempSubdirectory("pluginhost-ro-source-").FullName;
        var path = Directory.CreateTempSubdirectory("pluginhost-ro-mount-").FullName;
        if (ExternalCommand.Run("mount", "--bind", source, path) is { } error)
        {
            Directory.Delete(source);
            Directory.Delete(path);
            throw new InvalidOperationException($"cannot bind-mount {source} on {path}: {error}");
        }
        return new ReadOnlyMount(source, path);
    }

    /// <summary>Remounts the mount point read-only.</summary>
    public void MakeReadOnly()
    {
        if (ExternalCommand.Run("mount", "-o", "remount,bind,ro", Path) is { } error) throw new InvalidOperationException($"cannot remount {Path} read-only: {error}");
    }

    /// <summary>Unmounts and removes both directories.</summary>
    public void Dispose()
    {
        if (ExternalCommand.Run("umount", Path) is not null) ExternalCommand.Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
        Directory.Delete(Source, recursive: true);
    }

    private static string? Probe()
    {
        try
        {
            using var mount = Create();
            mount.MakeReadOnly();
            return null;
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}

/// <summary>A fact that needs a read-only bind mount; skipped, with the reason, where mounting is impossible (not root).</summary>
public sealed class ReadOnlyMountFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when a bind mount cannot be made.</summary>
    public ReadOnlyMountFactAttribute()
    {
        if (ReadOnlyMount.WhyUnavailable is { } why) Skip = $"needs a read-only bind mount (run as root): {why}";
    }
}
