using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PluginHost.Nodes.Foreground;

/// <summary>The runs a CLI process is running, each held as a locked file DATA/active/RUN.lock: while the process lives
/// the lock is held; a run that ends deletes its file. A file left behind with no holder is a run whose process was
/// stopped (SIGTERM, Ctrl+C, a crash): `pluginhost runs` shows it as interrupted.</summary>
public sealed partial class RunLocks : IDisposable
{
    private readonly string _dataDirectory;
    private readonly Dictionary<string, FileStream> _held = new(StringComparer.Ordinal);

    /// <summary>Locks for runs of <paramref name="dataDirectory"/>.</summary>
    public RunLocks(string dataDirectory) => _dataDirectory = dataDirectory;

    /// <summary>Holds <paramref name="runId"/>'s lock (best effort: a lock held elsewhere or a folder that cannot be
    /// written leaves the run unmarked).</summary>
    public void Hold(string runId)
    {
        var path = PathOf(_dataDirectory, runId);
        for (var attempt = 0; attempt < 5 && !_held.ContainsKey(runId); attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                _held[runId] = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(20); // `runs` may be probing the lock this instant
            }
        }
    }

    /// <summary>The run ended: releases its lock and deletes its file.</summary>
    public void Finished(string runId)
    {
        if (!_held.Remove(runId, out var stream)) return;
        File.Delete(stream.Name);
        stream.Dispose();
    }

    /// <summary>Releases <paramref name="runId"/>'s lock and keeps its file (the run was not started here).</summary>
    public void Release(string runId)
    {
        if (_held.Remove(runId, out var stream)) stream.Dispose();
    }

    /// <summary>Releases every lock still held; their files stay, marking those runs interrupted.</summary>
    public void Dispose()
    {
        foreach (var stream in _held.Values) stream.Dispose();
        _held.Clear();
    }

    /// <summary>True when a CLI process ran <paramref name="runId"/> in <paramref name="dataDirectory"/> and is gone
    /// without finishing it (its lock file is there and nobody holds it).</summary>
    public static bool IsInterrupted(string dataDirectory, string runId)
    {
        var path = PathOf(dataDirectory, runId);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string PathOf(string dataDirectory, string runId)
    {
        var name = SafeName().IsMatch(runId) ? runId : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(runId)))[..32];
        return Path.Combine(Path.GetFullPath(dataDirectory), "active", name + ".lock");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")]
    private static partial Regex SafeName();
}
