using System.Text.Json;
using PluginHost.Shared.Runs;

namespace PluginHost.Shared.Tests.Runs;

public sealed class RunSpecMessagesTests
{
    [Fact]
    public void AStepNeedsOnlyItsNameAndPlugin()
    {
        var spec = RunJson.DeserializeSpec("""{"runId":"r","kind":"demo","items":[{"itemId":"a","name":"A","steps":[{"name":"main","plugin":"p.wasm"}]}]}""");

        var step = Assert.Single(Assert.Single(spec.Items).Steps);
        Assert.Equal(Payload.Empty, step.Input);
        Assert.Equal(StepLimits.Default, step.Limits);
        Assert.Equal("wasi", step.EffectiveKind);
    }

    [Fact]
    public void AMissingFieldIsNamedWithoutDotNetTypeNames()
    {
        var e = Assert.Throws<JsonException>(() => RunJson.DeserializeSpec("""{"runId":"r","kind":"demo"}"""));

        Assert.Contains("missing required fields: 'items'", e.Message);
        Assert.Contains("a run spec", e.Message);
        Assert.DoesNotContain("PluginHost.", e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Fact]
    public void AValueOfTheWrongTypeNamesItsPlaceAndShape()
    {
        var e = Assert.Throws<JsonException>(() => RunJson.DeserializeSpec("""{"runId":"r","kind":"demo","items":[{"itemId":"a","name":5,"steps":[]}]}"""));

        Assert.Contains("a value in an item (an object with itemId, name and steps) has the wrong type", e.Message);
        Assert.Contains("$.items[0].name", e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Fact]
    public void AStepMissingItsPluginIsNamed()
    {
        var e = Assert.Throws<JsonException>(() => RunJson.DeserializeSpec("""{"runId":"r","kind":"demo","items":[{"itemId":"a","name":"A","steps":[{"name":"main"}]}]}"""));

        Assert.Contains("a step (an object with name and plugin) is missing required fields: 'plugin'", e.Message);
    }

    [Fact]
    public void RelativePluginPathsResolveAgainstTheSpecFolderAndOthersStay()
    {
        var spec = new RunSpec("r", "demo", [new WorkItemSpec("a", "A",
            [new StepSpec("rel", "plugins/p.wasm"), new StepSpec("abs", "/opt/p.wasm"), new StepSpec("hash", "sha256:ab"), new StepSpec("builtin", "builtin:echo")])]);

        var steps = spec.WithPluginPathsRelativeTo("/work/specs").Items[0].Steps;

        Assert.Equal("/work/specs/plugins/p.wasm", steps[0].Plugin);
        Assert.Equal("/opt/p.wasm", steps[1].Plugin);
        Assert.Equal("sha256:ab", steps[2].Plugin);
        Assert.Equal("builtin:echo", steps[3].Plugin);
    }
}
