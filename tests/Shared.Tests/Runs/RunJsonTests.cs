using System.Text.Json;
using PluginHost.Shared.Runs;

namespace PluginHost.Shared.Tests.Runs;

public sealed class RunJsonTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private static RunSpec Spec() => new("run-1", "install",
    [
        new WorkItemSpec("node", "node 22",
        [
            new StepSpec("resolve_version", "sha256:abcd", Payload.OfText("""{"initial":"22"}"""), StepLimits.Default),
            new StepSpec("download_prebuilt", "file:///plugins/node.wasm", Payload.OfBytes([0, 1, 2, 255]),
                new StepLimits(TimeSpan.FromSeconds(60), 64 << 20, 1 << 20)),
        ]),
    ]);

    public static TheoryData<RunEvent> AllEvents() =>
    [
        new RunAccepted("run-1", T, Spec()),
        new ItemScheduled("run-1", "node", T, "node 22"),
        new StepStarted("run-1", "node", 1, T, "download_prebuilt"),
        new StepOutput("run-1", "node", 1, T, "stderr", Payload.OfText("downloading…\n")),
        new StepOutput("run-1", "node", 1, T, "stdout", Payload.OfBytes([0xff, 0x00])),
        new StepCompleted("run-1", "node", 1, T, Payload.OfText("""{"ok":true}""")),
        new StepFailed("run-1", "node", 1, T, "checksum mismatch"),
        new ItemCompleted("run-1", "node", T, ItemOutcome.Failed, "checksum mismatch"),
        new ItemCompleted("run-1", "node", T, ItemOutcome.Succeeded),
        new RunCompleted("run-1", T, 3, 1),
    ];

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void EveryEventRoundTripsWithItsTypeDiscriminatorFirst(RunEvent runEvent)
    {
        var json = RunJson.Serialize(runEvent);

        Assert.StartsWith($$"""{"type":"{{runEvent.GetType().Name}}",""", json);
        var back = RunJson.DeserializeEvent(json);
        Assert.IsType(runEvent.GetType(), back);
        Assert.Equal(json, RunJson.Serialize(back));
        if (runEvent is not RunAccepted) Assert.Equal(runEvent, back); // RunAccepted holds lists (reference equality)
    }

    [Fact]
    public void SpecRoundTripsWithTextBytesAndLimits()
    {
        var back = RunJson.DeserializeSpec(RunJson.Serialize(Spec()));

        var item = Assert.Single(back.Items);
        Assert.Equal("install", back.Kind);
        Assert.Equal(Payload.OfText("""{"initial":"22"}"""), item.Steps[0].Input);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, item.Steps[1].Input.Bytes);
        Assert.Equal(TimeSpan.FromSeconds(60), item.Steps[1].Limits.ComputeTime);
        Assert.Null(item.Steps[0].Limits.ComputeTime);
    }

    [Fact]
    public void DiscriminatorMayComeAfterOtherProperties()
    {
        var e = RunJson.DeserializeEvent("""{"runId":"r","itemId":"i","stepIndex":2,"timestamp":"2026-11-22T03:00:00+00:00","error":"boom","type":"StepFailed"}""");

        Assert.Equal(new StepFailed("r", "i", 2, T, "boom"), e);
    }

    [Fact]
    public void UnknownEventTypeIsAClearError()
    {
        var e = Assert.Throws<JsonException>(() => RunJson.DeserializeEvent("""{"type":"StepExploded","runId":"r","timestamp":"2026-11-22T03:00:00+00:00"}"""));

        Assert.Contains("invalid run event JSON", e.Message);
        Assert.Contains("StepExploded", e.Message);
    }

    [Fact]
    public void MissingRequiredFieldIsAClearError()
    {
        var e = Assert.Throws<JsonException>(() => RunJson.DeserializeEvent("""{"type":"StepFailed","runId":"r","itemId":"i","timestamp":"2026-11-22T03:00:00+00:00","error":"x"}"""));

        Assert.Contains("stepIndex", e.Message);
    }

    [Fact]
    public void NullForNonNullableFieldIsAClearError()
    {
        var e = Assert.Throws<JsonException>(() => RunJson.DeserializeSpec("""{"runId":"r","kind":null,"items":[]}"""));

        Assert.Contains("kind", e.Message);
    }

    [Fact]
    public void PayloadWithBothTextAndBytesIsRejected()
    {
        var e = Assert.Throws<JsonException>(() => RunJson.DeserializeEvent("""{"type":"StepCompleted","runId":"r","itemId":"i","stepIndex":0,"timestamp":"2026-11-22T03:00:00+00:00","result":{"text":"a","bytes":"AA=="}}"""));

        Assert.Contains("either text or bytes", e.Message);
    }

    [Fact]
    public void PayloadEqualityComparesBytesByContent()
    {
        Assert.Equal(Payload.OfBytes([1, 2]), Payload.OfBytes([1, 2]));
        Assert.NotEqual(Payload.OfBytes([1, 2]), Payload.OfBytes([1, 3]));
        Assert.NotEqual(Payload.OfText(""), Payload.OfBytes([]));
    }
}
