using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runners;

/// <summary>How a step ended: a result payload on success, an error for people on failure.</summary>
/// <param name="Succeeded">True when the step succeeded.</param>
/// <param name="Result">The result payload (empty on failure).</param>
/// <param name="Error">Why the step failed; null on success.</param>
public sealed record StepResult(bool Succeeded, Payload Result, string? Error)
{
    /// <summary>A successful outcome with a result.</summary>
    public static StepResult Success(Payload result) => new(true, result, null);

    /// <summary>A failed outcome with its reason.</summary>
    public static StepResult Failure(string error) => new(false, Payload.Empty, error);
}
