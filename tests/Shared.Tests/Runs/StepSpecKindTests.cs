using PluginHost.Shared.Runs;

namespace PluginHost.Shared.Tests.Runs;

public sealed class StepSpecKindTests
{
    [Fact]
    public void AStepWithoutKindIsAWasiStepAndOmitsKindInJson()
    {
        var spec = new RunSpec("r", "test", [new("i", "i", [new StepSpec("s", "p.wasm", Payload.Empty, StepLimits.Default)])]);
        var json = RunJson.Serialize(spec);
        Assert.DoesNotContain("kind\":\"wasi", json);
        Assert.DoesNotContain("effectiveKind", json);
        Assert.Equal("wasi", RunJson.DeserializeSpec(json).Items[0].Steps[0].EffectiveKind);
    }

    [Fact]
    public void AStepKindRoundTrips()
    {
        var spec = new RunSpec("r", "install", [new("i", "i", [new StepSpec("s", "p", Payload.OfText("{}"), StepLimits.Default, "proto-install")])]);
        var json = RunJson.Serialize(spec);
        Assert.Contains("\"kind\":\"proto-install\"", json);
        Assert.Equal(spec.Items[0].Steps[0], RunJson.DeserializeSpec(json).Items[0].Steps[0]);
    }
}
