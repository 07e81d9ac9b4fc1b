using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Binary;

/// <summary>Readers of the element, code and data sections.</summary>
public static partial class ModuleDecoder
{
    private static void ReadElements(ref WasmReader reader, ModuleInfo module, ReadOnlyMemory<byte> bytes)
    {
        var count = ReadCount(ref reader);
        var offsets = EntryOffsets(module, SectionId.Element);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            var flags = reader.ReadU32();
            if (flags > 7) throw reader.Malformed($"malformed elements segment kind {flags}");
            var passiveOrDeclarative = (flags & 1) != 0;
            var explicitTable = (flags & 2) != 0;
            var usesExpressions = (flags & 4) != 0;
            var mode = !passiveOrDeclarative ? SegmentMode.Active : explicitTable ? SegmentMode.Declarative : SegmentMode.Passive;

            uint table = 0;
            ConstExpr? offset = null;
            if (mode == SegmentMode.Active)
            {
                if (explicitTable) table = reader.ReadU32();
                offset = CodeScanner.ReadConstExpr(ref reader, bytes);
            }

            var elementType = ValueType.FuncRef;
            // Flags 0 and 4 imply funcref; the others carry an element kind (funcidx forms) or a reference type.
            if (passiveOrDeclarative || explicitTable)
            {
                if (usesExpressions)
                {
                    elementType = TypeCodes.ReadRefType(ref reader);
                }
                else
                {
                    var kind = reader.ReadByte();
                    if (kind != 0x00)
                    {
                        reader.Position--;
                        throw reader.Malformed($"malformed element kind 0x{kind:x2}");
                    }
                }
            }

            var itemCount = ReadCount(ref reader);
            if (usesExpressions)
            {
                var items = new ConstExpr[itemCount];
                for (var j = 0; j < items.Length; j++) items[j] = CodeScanner.ReadConstExpr(ref reader, bytes);
                module.Elements.Add(new ElementSegment(mode, table, offset, elementType, null, items));
            }
            else
            {
                var indices = new uint[itemCount];
                for (var j = 0; j < indices.Length; j++) indices[j] = reader.ReadU32();
                module.Elements.Add(new ElementSegment(mode, table, offset, elementType, indices, null));
            }
        }
    }

    /// <summary>Reads the code section; returns the body count and where (offset, function) a data index is first used.</summary>
    private static (int Count, int DataUseOffset, int DataUseFunction) ReadCode(ref WasmReader reader, ModuleInfo module, ReadOnlyMemory<byte> bytes, int functionCount)
    {
        var countOffset = reader.Offset;
        var count = ReadCount(ref reader);
        if (count != functionCount)
            throw new WasmModuleException(ModuleErrorKind.Malformed,
                $"function and code section have inconsistent lengths ({functionCount} functions, {count} bodies)", countOffset, "code");
        var (dataUseOffset, dataUseFunction) = (-1, -1);
        for (var i = 0; i < count; i++)
        {
            var functionIndex = module.ImportedFunctionCount + i;
            reader.FunctionIndex = functionIndex;
            var size = reader.ReadU32();
            if (size > (uint)reader.Remaining) throw reader.Malformed("unexpected end of section or function: body size exceeds the section");
            if (size == 0) throw reader.Malformed("unexpected end: empty function body");
            var bodyOffset = reader.Offset;
            reader.Position += (int)size;
            module.Bodies.Add(CodeScanner.ReadBody(bytes, bodyOffset, (int)size, functionIndex, out var use));
            if (use >= 0 && dataUseOffset < 0) (dataUseOffset, dataUseFunction) = (use, functionIndex);
        }
        reader.FunctionIndex = null;
        return (count, dataUseOffset, dataUseFunction);
    }

    private static int ReadData(ref WasmReader reader, ModuleInfo module, ReadOnlyMemory<byte> bytes)
    {
        var countOffset = reader.Offset;
        var count = ReadCount(ref reader);
        if (module.DataCount is { } declared && declared != (uint)count)
            throw new WasmModuleException(ModuleErrorKind.Malformed,
                $"data count and data section have inconsistent lengths ({declared} declared, {count} segments)", countOffset, "data");
        var offsets = EntryOffsets(module, SectionId.Data);
        for (var i = 0; i < count; i++)
        {
            offsets.Add(reader.Offset);
            var flags = reader.ReadU32();
            uint memory = 0;
            ConstExpr? offset = null;
            SegmentMode mode;
            switch (flags)
            {
                case 0:
                    mode = SegmentMode.Active;
                    offset = CodeScanner.ReadConstExpr(ref reader, bytes);
                    break;
                case 1:
                    mode = SegmentMode.Passive;
                    break;
                case 2:
                    mode = SegmentMode.Active;
                    memory = reader.ReadU32();
                    offset = CodeScanner.ReadConstExpr(ref reader, bytes);
                    break;
                default:
                    throw reader.Malformed($"malformed data segment kind {flags}");
            }
            var length = reader.ReadU32();
            if (length > (uint)reader.Remaining) throw reader.Malformed("unexpected end of section or function: data segment exceeds the section");
            var dataOffset = reader.Offset;
            reader.Position += (int)length;
            module.Data.Add(new DataSegment(mode, memory, offset, bytes.Slice(dataOffset, (int)length)));
        }
        return count;
    }
}
