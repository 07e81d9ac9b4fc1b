namespace PluginHost.Plugins.Extism;

/// <summary>What an Extism plugin may do: its config, network and file access, and resource limits.</summary>
public sealed record ExtismManifest
{
    /// <summary>Config values readable with config_get.</summary>
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();
    /// <summary>Host name globs http_request may reach (e.g. "*.example.com"); empty denies all.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = Array.Empty<string>();
    /// <summary>Where the host's user changes <see cref="AllowedHosts"/>, named in the error of a refused request.</summary>
    public string AllowedHostsSetting { get; init; } = "allowed_hosts";
    /// <summary>Host directory (prefix "ro:" for read-only) mapped to the guest path WASI sees.</summary>
    public IReadOnlyDictionary<string, string> AllowedPaths { get; init; } = new Dictionary<string, string>();
    /// <summary>Maximum plugin memory in 64 KiB pages; null for no limit beyond the engine's.</summary>
    public uint? MaxMemoryPages { get; init; }
    /// <summary>Maximum bytes of an HTTP response body.</summary>
    public long MaxHttpResponseBytes { get; init; } = 50L * 1024 * 1024;
    /// <summary>Whether http_headers returns the last response's headers (Extism's with_http_response_headers); when
    /// false it returns handle 0.</summary>
    public bool HttpResponseHeaders { get; init; } = true;
    /// <summary>Maximum bytes of all vars together.</summary>
    public long MaxVarBytes { get; init; } = 1024 * 1024;
    /// <summary>Wall-clock limit of one call; null for none.</summary>
    public TimeSpan? Timeout { get; init; }
}
