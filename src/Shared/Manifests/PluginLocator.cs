namespace PluginHost.Shared.Manifests;

/// <summary>Where a plugin's bytes come from: a local file, a pinned https URL, or a GitHub release.</summary>
/// <param name="Sha256">Expected lowercase hex SHA-256 of the plugin bytes, or null when not pinned (never null for a URL).</param>
public abstract record PluginLocator(string? Sha256);
