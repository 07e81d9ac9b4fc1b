using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Serialization;

/// <summary>The serializer of run events (journal rows) and run messages (remoting): System.Text.Json with a stable
/// manifest per type, so renaming or moving a CLR type never breaks replay.</summary>
public sealed class RunMessageSerializer : SerializerWithStringManifest
{
    /// <summary>Every serialized type with its manifest; a manifest never changes once journaled.</summary>
    public static IReadOnlyDictionary<Type, string> Manifests { get; } = new Dictionary<Type, string>
    {
        [typeof(RunAccepted)] = "run-accepted",
        [typeof(ItemScheduled)] = "item-scheduled",
        [typeof(StepStarted)] = "step-started",
        [typeof(StepOutput)] = "step-output",
        [typeof(StepCompleted)] = "step-completed",
        [typeof(StepFailed)] = "step-failed",
        [typeof(ItemCompleted)] = "item-completed",
        [typeof(RunCompleted)] = "run-completed",
        [typeof(SubmitRun)] = "submit-run",
        [typeof(ResumeRun)] = "resume-run",
        [typeof(GetRunStatus)] = "get-run-status",
        [typeof(RunSubmitted)] = "run-submitted",
        [typeof(RunResumed)] = "run-resumed",
        [typeof(RunRejected)] = "run-rejected",
        [typeof(RunStatus)] = "run-status",
        [typeof(StepWork)] = "step-work",
        [typeof(StepBegan)] = "step-began",
        [typeof(StepFinished)] = "step-finished",
        [typeof(ReportOutput)] = "report-output",
        [typeof(PersistOutput)] = "persist-output",
        [typeof(OutputPersisted)] = "output-persisted",
        [typeof(RunnerIdle)] = "runner-idle",
        [typeof(StopAdmission)] = "stop-admission",
        [typeof(GetRunnerLoad)] = "get-runner-load",
        [typeof(RunnerLoad)] = "runner-load",
        [typeof(RunEventJournaled)] = "run-event-journaled",
        [typeof(RunStopped)] = "run-stopped",
        [typeof(StepDeclined)] = "step-declined",
        [typeof(StopRun)] = "stop-run",
    };

    private static readonly Dictionary<string, Type> Types = Manifests.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Creates the serializer.</summary>
    public RunMessageSerializer(ExtendedActorSystem system) : base(system) { }

    /// <inheritdoc />
    public override int Identifier => 7301;

    /// <inheritdoc />
    public override string Manifest(object o) => Manifests.TryGetValue(o.GetType(), out var manifest)
        ? manifest
        : throw new ArgumentException($"{o.GetType().Name} has no manifest in {nameof(RunMessageSerializer)}");

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), RunJson.Options);

    /// <summary>The message of <paramref name="manifest"/>; an <see cref="UnknownManifest"/> when this version does not know
    /// it (a throw here would fail the journal's stream with a logged stack trace, not name the run).</summary>
    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, RunJson.Options) ?? throw new SerializationException($"'{manifest}' row holds null")
            : new UnknownManifest(manifest);
}
