namespace PluginHost.Shared.Manifests;

/// <summary>A plugin on disk, written <c>file://./rel/path.wasm</c> or <c>file:///abs/path.wasm</c>; relative paths are from the .prototools folder.</summary>
/// <param name="Path">The path as written after file://.</param>
/// <param name="FullPath">The absolute path, resolved against the folder of the .prototools file.</param>
/// <param name="Sha256">Optional lowercase hex SHA-256 pin.</param>
public sealed record FilePluginLocator(string Path, string FullPath, string? Sha256) : PluginLocator(Sha256);
