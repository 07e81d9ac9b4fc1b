namespace PluginHost.Plugins.Icp.Certificates;

/// <summary>The outcome of a hash tree path lookup.</summary>
public enum LookupStatus
{
    /// <summary>The path leads to a leaf.</summary>
    Found,
    /// <summary>The tree proves the path is absent.</summary>
    Absent,
    /// <summary>The tree is pruned where the path would be.</summary>
    Unknown,
    /// <summary>The path ends at an inner node, not a leaf.</summary>
    NotALeaf,
}

/// <summary>A lookup status with the leaf value when found.</summary>
public sealed record LookupResult(LookupStatus Status, byte[]? Value)
{
    /// <summary>A found leaf.</summary>
    public static LookupResult Found(byte[] value) => new(LookupStatus.Found, value);
    /// <summary>A proven absence.</summary>
    public static readonly LookupResult Absent = new(LookupStatus.Absent, null);
    /// <summary>A pruned path.</summary>
    public static readonly LookupResult Unknown = new(LookupStatus.Unknown, null);
    /// <summary>A path ending at an inner node.</summary>
    public static readonly LookupResult NotALeaf = new(LookupStatus.NotALeaf, null);
}
