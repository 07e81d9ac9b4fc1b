namespace PluginHost.Shared.Manifests.Icp;

/// <summary>An icp.yaml is invalid; the message names the file, line, canister, step and field.</summary>
public sealed class IcpManifestException(string message) : Exception(message);
