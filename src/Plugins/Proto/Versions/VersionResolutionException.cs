namespace PluginHost.Plugins.Proto.Versions;

/// <summary>A requested version that cannot be resolved.</summary>
public sealed class VersionResolutionException : Exception
{
    /// <summary>Creates the failure for a spec.</summary>
    public VersionResolutionException(string spec, string reason) : base($"cannot resolve version '{spec}': {reason}") => Spec = spec;

    /// <summary>The spec that failed.</summary>
    public string Spec { get; }
}
