namespace PluginHost.Wasm.Components.Abi;

/// <summary>Traps raised by canonical ABI validation (invalid char, discriminant, pointer, encoding, handle...).</summary>
internal static class AbiTraps
{
    /// <summary>A trap with a "canonical ABI:" message (kind <see cref="TrapKind.HostError"/>; memory range errors use <see cref="TrapKind.MemoryOutOfBounds"/>).</summary>
    public static WasmTrapException Trap(string message) => new(TrapKind.HostError, $"canonical ABI: {message}");

    public static WasmTrapException OutOfBounds(string what, long ptr, long len) =>
        new(TrapKind.MemoryOutOfBounds, $"canonical ABI: {what} at {ptr} (+{len} bytes) is out of bounds of linear memory");
}
