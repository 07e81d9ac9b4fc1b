namespace PluginHost.Plugins.Proto.Install;

/// <summary>
/// A download left unfinished in the cache: FILE.part holds the bytes received so far and FILE.part.meta the URL and the
/// server's validator (a strong ETag, else Last-Modified) that makes an If-Range resume safe.
/// Callers hold the <see cref="FileLock"/> of the cached path.
/// </summary>
/// <param name="Length">Bytes already received.</param>
/// <param name="Validator">The If-Range value.</param>
internal sealed record PartialDownload(long Length, string Validator)
{
    /// <summary>The partial file of a cached path.</summary>
    public static string PartPath(string path) => path + ".part";

    private static string MetaPath(string path) => path + ".part.meta";

    /// <summary>The resumable partial download of url at path, or null (a partial file without a usable record is discarded).</summary>
    public static PartialDownload? Find(string path, Uri url)
    {
        var part = new FileInfo(PartPath(path));
        if (!part.Exists) return null;
        var meta = File.Exists(MetaPath(path)) ? File.ReadAllLines(MetaPath(path)) : [];
        if (part.Length > 0 && meta is [var recordedUrl, var validator, ..] && recordedUrl == url.AbsoluteUri && validator.Length > 0)
            return new PartialDownload(part.Length, validator);
        Discard(path);
        return null;
    }

    /// <summary>Records the validator of a full (200) response before its body is written; without one the partial file cannot be resumed.</summary>
    public static void Start(string path, Uri url, HttpResponseMessage response)
    {
        var etag = response.Headers.ETag;
        var validator = etag is { IsWeak: false } ? etag.Tag
            : response.Content.Headers.LastModified is { } modified ? modified.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : null;
        File.Delete(PartPath(path));
        if (validator is null) File.Delete(MetaPath(path));
        else File.WriteAllLines(MetaPath(path), [url.AbsoluteUri, validator]);
    }

    /// <summary>Removes the partial file and its record.</summary>
    public static void Discard(string path)
    {
        File.Delete(PartPath(path));
        File.Delete(MetaPath(path));
    }
}
