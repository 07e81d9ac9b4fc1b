using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Binary;

/// <summary>Reader of custom sections, including the "name" section.</summary>
public static partial class ModuleDecoder
{
    private static void ReadCustom(ref WasmReader reader, ModuleInfo module, ReadOnlyMemory<byte> bytes)
    {
        var name = reader.ReadName();
        var payload = bytes.Slice(reader.Offset, reader.Remaining);
        reader.Position += reader.Remaining;
        module.CustomSections.Add(new CustomSection(name, payload));
        if (name == "name") NameSection.Read(payload, module);
    }
}
