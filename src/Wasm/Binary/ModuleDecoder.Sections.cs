using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Binary;

/// <summary>Readers of the type, import, function, table, memory, global and export sections.</summary>
public static partial class ModuleDecoder
{
    private static void ReadTypes(ref WasmReader reader, ModuleInfo module)
    {
        var count = ReadCount(ref reader);
        var offsets = EntryOffsets(module, SectionId.Type);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            var form = reader.ReadByte();
            if (form != 0x60)
            {
                reader.Position--;
                if ((form & 0x80) != 0) throw reader.Malformed("integer representation too long");
                throw reader.Malformed($"malformed function type form 0x{form:x2} (0x60 expected)");
            }
            var parameters = ReadValueTypes(ref reader);
            var results = ReadValueTypes(ref reader);
            module.Types.Add(new FuncType(parameters, results));
        }
    }

    private static ValueType[] ReadValueTypes(ref WasmReader reader)
    {
        var count = ReadCount(ref reader);
        var types = new ValueType[count];
        for (var i = 0; i < types.Length; i++) types[i] = TypeCodes.ReadValueType(ref reader);
        return types;
    }

    private static void ReadImports(ref WasmReader reader, ModuleInfo module)
    {
        var count = ReadCount(ref reader);
        var offsets = EntryOffsets(module, SectionId.Import);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            var moduleName = reader.ReadName();
            var name = reader.ReadName();
            var kind = reader.ReadByte();
            switch (kind)
            {
                case (byte)ExternKind.Func:
                    module.Imports.Add(new Import(moduleName, name, ExternKind.Func, FuncTypeIndex: reader.ReadU32()));
                    module.ImportedFunctionCount++;
                    break;
                case (byte)ExternKind.Table:
                    module.Imports.Add(new Import(moduleName, name, ExternKind.Table, Table: TypeCodes.ReadTableType(ref reader)));
                    module.ImportedTableCount++;
                    break;
                case (byte)ExternKind.Memory:
                    module.Imports.Add(new Import(moduleName, name, ExternKind.Memory, Memory: TypeCodes.ReadMemoryType(ref reader)));
                    module.ImportedMemoryCount++;
                    break;
                case (byte)ExternKind.Global:
                    module.Imports.Add(new Import(moduleName, name, ExternKind.Global, Global: TypeCodes.ReadGlobalType(ref reader)));
                    module.ImportedGlobalCount++;
                    break;
                default:
                    reader.Position--;
                    throw reader.Malformed($"malformed import kind 0x{kind:x2}");
            }
        }
    }

    private static int ReadFunctions(ref WasmReader reader, ModuleInfo module)
    {
        var count = ReadCount(ref reader);
        var offsets = EntryOffsets(module, SectionId.Function);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            module.FunctionTypeIndices.Add(reader.ReadU32());
        }
        return count;
    }

    private static void ReadTables(ref WasmReader reader, ModuleInfo module)
    {
        var count = ReadCount(ref reader);
        var offsets = EntryOffsets(module, SectionId.Table);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            module.Tables.Add(TypeCodes.ReadTableType(ref reader));
        }
    }

    private static void ReadMemories(ref WasmReader reader, ModuleInfo module)
    {
        var count = ReadCount(ref reader);
        var offsets = EntryOffsets(module, SectionId.Memory);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            module.Memories.Add(TypeCodes.ReadMemoryType(ref reader));
        }
    }

    private static void ReadGlobals(ref WasmReader reader, ModuleInfo module, ReadOnlyMemory<byte> bytes)
    {
        var count = ReadCount(ref reader);
        var offsets = EntryOffsets(module, SectionId.Global);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            var type = TypeCodes.ReadGlobalType(ref reader);
            module.Globals.Add(new GlobalDef(type, CodeScanner.ReadConstExpr(ref reader, bytes)));
        }
    }

    private static void ReadExports(ref WasmReader reader, ModuleInfo module)
    {
        var count = ReadCount(ref reader);
        var offsets = EntryOffsets(module, SectionId.Export);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            var name = reader.ReadName();
            var kind = reader.ReadByte();
            if (kind > (byte)ExternKind.Global)
            {
                reader.Position--;
                throw reader.Malformed($"malformed export kind 0x{kind:x2}");
            }
            module.Exports.Add(new Export(name, (ExternKind)kind, reader.ReadU32()));
        }
    }
}
