using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Binary;

/// <summary>Decodes the binary format into a <see cref="ModuleInfo"/>, enforcing every binary-format (malformed) rule.</summary>
/// <remarks>Counts are checked against the bytes that remain before anything is allocated from them.</remarks>
public static partial class ModuleDecoder
{
    private const uint Magic = 0x6D736100; // "\0asm" little-endian
    private const uint Version = 1;

    /// <summary>Decodes a binary module; throws a malformed <see cref="WasmModuleException"/> when the bytes are not well-formed.</summary>
    public static ModuleInfo Decode(ReadOnlyMemory<byte> bytes)
    {
        var reader = new WasmReader(bytes.Span, 0, "header");
        ReadHeader(ref reader);
        var module = new ModuleInfo();
        var lastRank = 0;
        var functionCount = (int?)null;
        var codeCount = (int?)null;
        var (dataUseOffset, dataUseFunction) = (-1, -1);
        var dataCount = (int?)null;
        while (!reader.IsAtEnd)
        {
            reader.Section = null;
            var idOffset = reader.Offset;
            var idByte = reader.ReadByte();
            if (idByte > (byte)SectionId.DataCount)
            {
                reader.Position--;
                throw reader.Malformed($"malformed section id {idByte}");
            }
            var id = (SectionId)idByte;
            reader.Section = id.Name();
            var size = reader.ReadU32();
            if (size > (uint)reader.Remaining) throw reader.Malformed("length out of bounds: section size exceeds the module");
            var start = reader.Offset;
            var content = bytes.Slice(start, (int)size);
            reader.Position += (int)size;

            if (id != SectionId.Custom)
            {
                var rank = id.OrderRank();
                if (rank <= lastRank)
                    throw new WasmModuleException(ModuleErrorKind.Malformed,
                        $"unexpected content after last section: {id.Name()} section out of order or repeated", idOffset, id.Name());
                lastRank = rank;
            }

            if (id != SectionId.Custom) module.SectionOffsets[id.Name()] = start;
            var section = new WasmReader(content.Span, start, id.Name());
            switch (id)
            {
                case SectionId.Custom: ReadCustom(ref section, module, bytes); break;
                case SectionId.Type: ReadTypes(ref section, module); break;
                case SectionId.Import: ReadImports(ref section, module); break;
                case SectionId.Function: functionCount = ReadFunctions(ref section, module); break;
                case SectionId.Table: ReadTables(ref section, module); break;
                case SectionId.Memory: ReadMemories(ref section, module); break;
                case SectionId.Global: ReadGlobals(ref section, module, bytes); break;
                case SectionId.Export: ReadExports(ref section, module); break;
                case SectionId.Start: module.Start = section.ReadU32(); break;
                case SectionId.Element: ReadElements(ref section, module, bytes); break;
                case SectionId.DataCount: module.DataCount = section.ReadU32(); break;
                case SectionId.Code:
                    (var count, dataUseOffset, dataUseFunction) = ReadCode(ref section, module, bytes, functionCount ?? 0);
                    codeCount = count;
                    break;
                case SectionId.Data: dataCount = ReadData(ref section, module, bytes); break;
            }
            if (!section.IsAtEnd) throw section.Malformed("section size mismatch");
        }

        reader.Section = null;
        if ((functionCount ?? 0) != (codeCount ?? 0))
            throw new WasmModuleException(ModuleErrorKind.Malformed,
                "function and code section have inconsistent lengths", bytes.Length, "code");
        if (module.DataCount is { } declared && declared != (uint)(dataCount ?? 0))
            throw new WasmModuleException(ModuleErrorKind.Malformed,
                "data count and data section have inconsistent lengths", bytes.Length, "data");
        // memory.init / data.drop need the data count section; without data segments the index is simply unknown (invalid).
        if (dataUseOffset >= 0 && module.DataCount is null && module.Data.Count > 0)
            throw new WasmModuleException(ModuleErrorKind.Malformed, "data count section required", dataUseOffset, "code", dataUseFunction);
        return module;
    }

    private static void ReadHeader(ref WasmReader reader)
    {
        if (reader.Remaining < 4) throw reader.Malformed("unexpected end");
        var magic = reader.ReadBytes(4);
        if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(magic) != Magic)
        {
            reader.Position = 0;
            throw reader.Malformed("magic header not detected");
        }
        if (reader.Remaining < 4) throw reader.Malformed("unexpected end");
        var version = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(reader.ReadBytes(4));
        if (version != Version)
        {
            reader.Position = 4;
            throw reader.Malformed($"unknown binary version {version}");
        }
    }

    /// <summary>The list that records where each entry of a section starts.</summary>
    private static List<int> EntryOffsets(ModuleInfo module, SectionId section)
    {
        var offsets = new List<int>();
        module.EntryOffsets[section.Name()] = offsets;
        return offsets;
    }

    /// <summary>Reads a vector count and refuses one that the remaining bytes cannot hold (every item takes at least one byte).</summary>
    private static int ReadCount(ref WasmReader reader)
    {
        var count = reader.ReadU32();
        if (count > (uint)reader.Remaining)
            throw reader.Malformed($"unexpected end of section or function: count {count} exceeds the {reader.Remaining} bytes left");
        return (int)count;
    }
}
