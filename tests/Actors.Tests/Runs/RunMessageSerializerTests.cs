using Akka.Actor;
using Akka.TestKit.Xunit2;
using PluginHost.Actors.Runs;
using PluginHost.Actors.Serialization;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>The run serializer: stable manifests (never CLR type names) and lossless round trips.</summary>
public sealed class RunMessageSerializerTests : TestKit
{
    private readonly RunMessageSerializer _serializer;

    /// <summary>Creates the serializer in the test system.</summary>
    public RunMessageSerializerTests() => _serializer = new RunMessageSerializer((ExtendedActorSystem)Sys);

    public static TheoryData<object, string> Messages()
    {
        var now = new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero);
        var step = new StepSpec("s", "p.wasm", Payload.OfText("{}"), StepLimits.Default);
        var spec = new RunSpec("r", "sync", [new WorkItemSpec("a", "A", [step])]);
        return new TheoryData<object, string>
        {
            { new RunAccepted("r", now, spec), "run-accepted" },
            { new StepOutput("r", "a", 0, now, "log", Payload.OfBytes([1, 2, 3])), "step-output" },
            { new ItemCompleted("r", "a", now, ItemOutcome.Failed, "boom"), "item-completed" },
            { new RunCompleted("r", now, 1, 2), "run-completed" },
            { new SubmitRun(spec), "submit-run" },
            { new StepFinished("r", "a", 0, true, Payload.OfText("ok"), false), "step-finished" },
        };
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_message_has_its_stable_manifest_and_round_trips(object message, string manifest)
    {
        Assert.Equal(manifest, _serializer.Manifest(message));
        var bytes = _serializer.ToBinary(message);
        Assert.DoesNotContain("PluginHost.", System.Text.Encoding.UTF8.GetString(bytes));
        var back = _serializer.FromBinary(bytes, manifest);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), RunJson.Options),
            System.Text.Json.JsonSerializer.Serialize(back, back.GetType(), RunJson.Options));
    }

    [Fact]
    public void An_unknown_manifest_is_read_as_itself_and_an_unknown_type_fails_naming_it()
    {
        Assert.Equal(new UnknownManifest("Some.Clr.Type, Assembly"), _serializer.FromBinary([], "Some.Clr.Type, Assembly"));
        Assert.Throws<ArgumentException>(() => _serializer.Manifest("a string"));
    }
}
