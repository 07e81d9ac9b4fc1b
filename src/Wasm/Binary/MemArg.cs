namespace PluginHost.Wasm.Binary;

/// <summary>The immediate of a load or store: alignment exponent, static offset and memory index.</summary>
/// <param name="Align">Alignment as a power-of-two exponent, as encoded.</param>
/// <param name="Offset">Static byte offset added to the dynamic address.</param>
/// <param name="MemoryIndex">Memory index (always 0 in Wasm 2.0).</param>
public readonly record struct MemArg(uint Align, ulong Offset, uint MemoryIndex);
