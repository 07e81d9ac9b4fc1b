using static PluginHost.Wasm.Tests.Decoding.ModuleBytes;

namespace PluginHost.Wasm.Tests.Validation;

/// <summary>A hand-assembled module with a little of everything, around one function under test.</summary>
/// <remarks>Types: 0 = [] -> [], 1 = [i32] -> [i32], 2 = [] -> [i32], 3 = the function under test.
/// Global 0: imported immutable i32 "env" "g"; global 1: mutable i32. Tables: 0 funcref, 1 externref. One memory.
/// One passive funcref element segment (elem 0). No data count section.</remarks>
internal static class TestModule
{
    public static byte[] WithFunction(byte[] results, byte[] locals, params byte[] code)
    {
        byte[] body = [.. locals, .. code, 0x0B];
        return Module(
            Section(1, [0x04, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x60, 0x00, 0x01, 0x7F,
                0x60, 0x00, .. Leb((uint)results.Length), .. results]),
            Section(2, 0x01, 0x03, (byte)'e', (byte)'n', (byte)'v', 0x01, (byte)'g', 0x03, 0x7F, 0x00),
            Section(3, 0x01, 0x03),
            Section(4, 0x02, 0x70, 0x00, 0x01, 0x6F, 0x00, 0x01),
            Section(5, 0x01, 0x00, 0x01),
            Section(6, 0x01, 0x7F, 0x01, 0x41, 0x00, 0x0B),
            Section(9, 0x01, 0x05, 0x70, 0x01, 0xD2, 0x00, 0x0B),
            Section(10, [0x01, .. Leb((uint)body.Length), .. body]));
    }

    public static byte[] WithFunction(params byte[] code) => WithFunction([], [0x00], code);
}
