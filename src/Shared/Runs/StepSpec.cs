namespace PluginHost.Shared.Runs;

/// <summary>One plugin call of a work item.</summary>
/// <param name="Name">Name of the step, e.g. the export called.</param>
/// <param name="Plugin">Reference to the plugin: a content hash, a path or a URL.</param>
/// <param name="Input">The input handed to the plugin (JSON text or raw bytes).</param>
/// <param name="Limits">Resource limits of the step.</param>
public sealed record StepSpec(string Name, string Plugin, Payload Input, StepLimits Limits);
