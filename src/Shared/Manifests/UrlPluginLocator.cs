namespace PluginHost.Shared.Manifests;

/// <summary>A plugin downloaded from an https URL, always pinned by SHA-256 (plain http only to loopback hosts, for tests).</summary>
/// <param name="Url">The download URL (without any #sha256= fragment).</param>
/// <param name="Sha256">The required lowercase hex SHA-256 of the downloaded bytes.</param>
public sealed record UrlPluginLocator(Uri Url, string Sha256) : PluginLocator(Sha256);
