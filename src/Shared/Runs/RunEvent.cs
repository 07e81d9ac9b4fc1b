using System.Text.Json.Serialization;

namespace PluginHost.Shared.Runs;

/// <summary>An event of a run, as journaled; serialized with a "type" discriminator (the event's type name).</summary>
/// <param name="RunId">The run the event belongs to.</param>
/// <param name="Timestamp">When the event happened.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RunAccepted), nameof(RunAccepted))]
[JsonDerivedType(typeof(ItemScheduled), nameof(ItemScheduled))]
[JsonDerivedType(typeof(StepStarted), nameof(StepStarted))]
[JsonDerivedType(typeof(StepOutput), nameof(StepOutput))]
[JsonDerivedType(typeof(StepCompleted), nameof(StepCompleted))]
[JsonDerivedType(typeof(StepFailed), nameof(StepFailed))]
[JsonDerivedType(typeof(ItemCompleted), nameof(ItemCompleted))]
[JsonDerivedType(typeof(RunCompleted), nameof(RunCompleted))]
public abstract record RunEvent(string RunId, DateTimeOffset Timestamp)
{
    /// <summary>The event's type name, which is also its JSON discriminator.</summary>
    [JsonIgnore]
    public string EventType => GetType().Name;
}
