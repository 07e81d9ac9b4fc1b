namespace PluginHost.Wasm.Tests.Decoding;

/// <summary>Builds small binary modules by hand: header plus sections with correct sizes.</summary>
internal static class ModuleBytes
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public static byte[] Section(byte id, params byte[] content) => [id, .. Leb(checked((uint)content.Length)), .. content];

    public static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    public static byte[] Leb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            bytes.Add(b);
        } while (value != 0);
        return [.. bytes];
    }

    /// <summary>A module with one function of type [] -> results whose body is the given instruction bytes plus `end`.</summary>
    public static byte[] SingleFunction(byte[] results, byte[] locals, params byte[] code)
    {
        byte[] type = [0x01, 0x60, 0x00, .. Leb((uint)results.Length), .. results];
        byte[] body = [.. locals, .. code, 0x0B];
        return Module(
            Section(1, type),
            Section(3, 0x01, 0x00),
            Section(10, [0x01, .. Leb((uint)body.Length), .. body]));
    }
}
