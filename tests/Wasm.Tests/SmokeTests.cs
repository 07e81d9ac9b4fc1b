namespace PluginHost.Wasm.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void TrapMessagesUseSpecWording() =>
        Assert.Equal("integer divide by zero", WasmTrapException.DefaultMessage(TrapKind.IntegerDivisionByZero));
}
