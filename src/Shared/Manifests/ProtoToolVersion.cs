namespace PluginHost.Shared.Manifests;

/// <summary>A pinned tool: a top-level <c>tool = "version"</c> entry (the version is kept as written: "20.1.0", "~3", "latest").</summary>
/// <param name="Tool">The tool id, e.g. node.</param>
/// <param name="Version">The version or alias as written, trimmed.</param>
public sealed record ProtoToolVersion(string Tool, string Version);
