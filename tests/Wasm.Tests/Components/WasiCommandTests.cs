using PluginHost.Wasm.Components;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Wasm.Tests.Components;

public class WasiCommandTests
{
    [Fact]
    public void Hello_command_prints_to_stdout()
    {
        var stdout = Wasi2OutputSink.Buffer();
        var wasi = new Wasi2Context(new Wasi2Config { Stdout = stdout });
        var instance = Fixtures.WasiLinker(wasi).Instantiate(new Store(Fixtures.Engine), Fixtures.Load("hello-command.wasm"));
        var run = instance.GetFunction("wasi:cli/run@0.2.0", "run")!;
        var result = run.Call();
        Assert.True(result!.IsOk);
        Assert.Equal("hello\n", stdout.GetText());
    }
}
