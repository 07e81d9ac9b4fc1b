namespace PluginHost.Plugins.Proto.Api;

/// <summary>A path as proto plugins see it: a guest path under a virtual prefix with the real prefix it maps to, or only a real path.</summary>
/// <param name="Path">The guest path (e.g. /proto/tools/node/20.0.0), or the real path when no prefix matched.</param>
/// <param name="VirtualPrefix">The virtual prefix (e.g. /proto), or null for a real-only path.</param>
/// <param name="RealPrefix">The host directory the prefix maps to, or null for a real-only path.</param>
public sealed record VirtualPath(string Path, string? VirtualPrefix = null, string? RealPrefix = null)
{
    /// <summary>Whether this carries a virtual prefix.</summary>
    public bool IsVirtual => VirtualPrefix is not null && RealPrefix is not null;

    /// <summary>The host path this stands for (the real prefix joined with the part below the virtual prefix).</summary>
    public string? RealPath
    {
        get
        {
            if (!IsVirtual) return Path;
            var prefix = VirtualPrefix!.TrimEnd('/');
            if (Path == prefix || Path == prefix + "/") return RealPrefix;
            return Path.StartsWith(prefix + "/", StringComparison.Ordinal)
                ? System.IO.Path.Join(RealPrefix, Path[(prefix.Length + 1)..])
                : null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path;
}
