using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Binary;

/// <summary>Reads the "name" custom section (module and function names); a malformed one is ignored, as engines do.</summary>
public static class NameSection
{
    private const byte ModuleSubsection = 0;
    private const byte FunctionSubsection = 1;

    /// <summary>Fills the module and function names from the section payload; leaves them empty if the payload is malformed.</summary>
    public static void Read(ReadOnlyMemory<byte> payload, ModuleInfo module)
    {
        string? moduleName = null;
        var functionNames = new Dictionary<uint, string>();
        try
        {
            var reader = new WasmReader(payload.Span, 0, "name");
            while (!reader.IsAtEnd)
            {
                var id = reader.ReadByte();
                var size = reader.ReadLength();
                var sub = new WasmReader(reader.ReadBytes(size), 0, "name");
                if (id == ModuleSubsection)
                {
                    moduleName = sub.ReadName();
                }
                else if (id == FunctionSubsection)
                {
                    var count = sub.ReadU32();
                    if (count > (uint)sub.Remaining / 2) return;
                    for (var i = 0; i < count; i++)
                    {
                        var index = sub.ReadU32();
                        functionNames[index] = sub.ReadName();
                    }
                }
            }
        }
        catch (WasmModuleException)
        {
            return;
        }
        module.ModuleName = moduleName;
        foreach (var (index, name) in functionNames) module.FunctionNames[index] = name;
    }
}
