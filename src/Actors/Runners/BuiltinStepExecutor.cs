using System.Globalization;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runners;

/// <summary>The "builtin" step kind, for tests and smoke checks of a cluster: plugin "builtin:echo" outputs its input,
/// "builtin:node" outputs the running node's id, "builtin:node-sleep" does both, "builtin:sleep" waits its input in milliseconds and "builtin:fail"
/// fails with its input; any other plugin fails the step, naming it.</summary>
public sealed class BuiltinStepExecutor(string nodeId) : IStepExecutor
{
    /// <summary>The kind of builtin steps.</summary>
    public const string StepKind = "builtin";

    /// <inheritdoc />
    public string Kind => StepKind;

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        var step = context.Step;
        var input = step.Input.Text ?? "";
        var where = $"step {context.StepIndex} ('{step.Name}')";
        switch (step.Plugin)
        {
            case "builtin:echo":
                context.Output("stdout", step.Input);
                return StepResult.Success(Payload.Empty);
            case "builtin:node":
                context.Output("stdout", Payload.OfText(nodeId));
                return StepResult.Success(Payload.Empty);
            case "builtin:node-sleep":
                context.Output("stdout", Payload.OfText(nodeId));
                goto case "builtin:sleep";
            case "builtin:sleep":
                if (!int.TryParse(input, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                    return StepResult.Failure($"{where}: builtin:sleep expects its input to be a whole number of milliseconds, got '{input}'");
                await Task.Delay(ms, context.CancellationToken);
                return StepResult.Success(Payload.Empty);
            case "builtin:fail":
                return StepResult.Failure($"{where} failed: {input}");
            default:
                return StepResult.Failure($"{where}: plugin '{step.Plugin}' is not builtin:echo, builtin:node, builtin:node-sleep, builtin:sleep or builtin:fail");
        }
    }
}
