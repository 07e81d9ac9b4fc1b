namespace PluginHost.Shared.Manifests;

/// <summary>An entry of [plugins]: a tool id and where its wasm plugin comes from.</summary>
/// <param name="Id">The tool id the plugin provides.</param>
/// <param name="Locator">Where the plugin bytes come from.</param>
public sealed record ProtoPlugin(string Id, PluginLocator Locator);
