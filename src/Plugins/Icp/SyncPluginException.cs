namespace PluginHost.Plugins.Icp;

/// <summary>A sync plugin could not be loaded or configured (bad component, unsupported version, bad sandbox entry).</summary>
public sealed class SyncPluginException(string message) : Exception(message);
