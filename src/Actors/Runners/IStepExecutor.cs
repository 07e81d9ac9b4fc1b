namespace PluginHost.Actors.Runners;

/// <summary>Runs one kind of step (e.g. "wasi"); called on a runner's own thread, one step at a time per runner.</summary>
public interface IStepExecutor
{
    /// <summary>The step kind this executor runs, as named by <see cref="PluginHost.Shared.Runs.StepSpec.Kind"/>.</summary>
    string Kind { get; }

    /// <summary>Runs the step; returns its outcome. An exception fails the step with the exception's message.</summary>
    Task<StepResult> ExecuteAsync(StepContext context);
}
