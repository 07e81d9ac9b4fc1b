namespace PluginHost.WasmRun;

/// <summary>What a file's first eight bytes say it is: a core module, a component, or not WebAssembly.</summary>
public enum WasmBinaryKind
{
    /// <summary>Not a WebAssembly binary (bad magic or too short).</summary>
    NotWasm,
    /// <summary>A core module (version 1, layer 0).</summary>
    Core,
    /// <summary>A component (layer 1).</summary>
    Component,
}

/// <summary>Tells core modules from components by their header.</summary>
public static class WasmBinary
{
    /// <summary>The kind of <paramref name="bytes"/>, from the magic and the layer field.</summary>
    public static WasmBinaryKind KindOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 || !bytes[..4].SequenceEqual("\0asm"u8)) return WasmBinaryKind.NotWasm;
        return bytes[6] == 1 && bytes[7] == 0 ? WasmBinaryKind.Component : WasmBinaryKind.Core;
    }

    /// <summary>The end of "FILE ..." for a file that is not a core module.</summary>
    public static string Describe(WasmBinaryKind kind) => kind switch
    {
        WasmBinaryKind.Component => "is a WebAssembly component",
        WasmBinaryKind.NotWasm => "is not a WebAssembly module (no \\0asm header)",
        _ => "is a core WebAssembly module",
    };
}
