namespace PluginHost.Nodes.Installs;

/// <summary>The HTTP client a node uses for plugin downloads and proto installs (one per process, connections pooled).</summary>
public static class InstallHttp
{
    /// <summary>The shared client (no overall timeout: the installer applies its own per-request limits).</summary>
    public static HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 64 })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
