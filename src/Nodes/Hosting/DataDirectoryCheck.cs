using PluginHost.Actors.Hosting;

namespace PluginHost.Nodes.Hosting;

/// <summary>Checks, before a command starts anything, that its data directory can be created and written.</summary>
public static class DataDirectoryCheck
{
    /// <summary>What to do when the data directory cannot be used.</summary>
    public const string Remedy = $"give a writable one with --data-dir DIR (or ${NodeOptions.DataDirectoryVariable})";

    /// <summary>Creates <paramref name="dataDirectory"/> if needed and writes a probe file into it; throws
    /// <see cref="StoreException"/> (one line naming the directory and what to do) when that fails.</summary>
    public static void EnsureWritable(string dataDirectory)
    {
        var full = Path.GetFullPath(dataDirectory);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = FileInTheWay(full) is { } file ? $"{file} is a file" : Reason(e);
            throw new StoreException($"the data directory {full} cannot be created ({why}): {Remedy}");
        }
        try
        {
            using (File.Create(Path.Combine(full, ".write-probe-" + Guid.NewGuid().ToString("N")), 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"the data directory {full} is read-only: {Remedy}");
        }
    }

    // The nearest existing ancestor of the path when it is a regular file (e.g. --data-dir notes.txt/data).
    private static string? FileInTheWay(string path)
    {
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current)) return current;
            if (Directory.Exists(current)) return null;
        }
        return null;
    }

    // The exception's message without the path .NET appends (it is named already).
    private static string Reason(Exception e)
    {
        var message = e.Message.TrimEnd('.');
        var quote = message.IndexOf(" : '", StringComparison.Ordinal);
        return quote > 0 ? message[..quote] : message;
    }
}
