namespace PluginHost.Shared.Manifests;

/// <summary>[settings.http]: how plugin downloads are made.</summary>
/// <param name="Timeout">Overall time limit of one download attempt (timeout-seconds).</param>
/// <param name="ConnectTimeout">Time limit to connect (connect-timeout-seconds).</param>
/// <param name="Retries">How many times a failed download is retried (retries).</param>
/// <param name="AllowInvalidCerts">Whether TLS certificate errors are ignored (allow-invalid-certs).</param>
public sealed record ProtoHttpSettings(TimeSpan Timeout, TimeSpan ConnectTimeout, int Retries, bool AllowInvalidCerts)
{
    /// <summary>The defaults: 60 s overall, 10 s to connect, 3 retries, certificates checked.</summary>
    public static ProtoHttpSettings Default { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), 3, false);
}
