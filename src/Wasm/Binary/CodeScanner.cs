using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Binary;

/// <summary>Checks the binary syntax of instruction sequences (bodies and constant expressions) during decoding.</summary>
/// <remarks>Finds where an expression ends (its final `end`), rejects illegal opcodes and immediates, and reports
/// malformed instructions before any validation error, as the spec requires.</remarks>
public static class CodeScanner
{
    /// <summary>Largest number of locals a function body may declare (wasmtime's limit).</summary>
    public const int MaxLocals = 50_000;

    /// <summary>Reads a constant expression from the reader (up to and including its `end`) and returns it.</summary>
    public static ConstExpr ReadConstExpr(ref WasmReader reader, ReadOnlyMemory<byte> module)
    {
        var start = reader.Offset;
        var length = ScanExpression(module.Span.Slice(start, reader.Remaining), start, reader.Section, null,
            requireExactEnd: false, out _);
        reader.Position += length;
        return new ConstExpr(module.Slice(start, length), start);
    }

    /// <summary>Decodes a function body's locals and checks its instructions; the body is exactly the given bytes.</summary>
    /// <remarks>dataIndexUse receives the offset of the body's first memory.init or data.drop, or -1: without a data
    /// count section that is malformed when the module has data segments (and otherwise an unknown data segment).</remarks>
    public static FunctionBody ReadBody(ReadOnlyMemory<byte> module, int bodyOffset, int bodySize, int functionIndex, out int dataIndexUse)
    {
        var reader = new WasmReader(module.Span.Slice(bodyOffset, bodySize), bodyOffset, "code") { FunctionIndex = functionIndex };
        var groupCount = reader.ReadU32();
        // Each group takes at least two bytes: refuse counts the body cannot hold before allocating.
        if (groupCount > (uint)reader.Remaining / 2) throw reader.Malformed("unexpected end: local declaration count exceeds the body");
        var groups = new LocalGroup[groupCount];
        ulong total = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            var count = reader.ReadU32();
            var type = TypeCodes.ReadValueType(ref reader);
            total += count;
            if (total > MaxLocals) throw reader.Malformed($"too many locals (more than {MaxLocals})");
            groups[i] = new LocalGroup(count, type);
        }
        var codeOffset = reader.Offset;
        var codeLength = reader.Remaining;
        ScanExpression(module.Span.Slice(codeOffset, codeLength), codeOffset, "code", functionIndex, requireExactEnd: true, out dataIndexUse);
        return new FunctionBody(groups, (uint)total, module.Slice(codeOffset, codeLength), codeOffset);
    }

    /// <summary>Reads instructions until the `end` that closes the expression; returns the length consumed.</summary>
    private static int ScanExpression(ReadOnlySpan<byte> code, int baseOffset, string? section, int? functionIndex,
        bool requireExactEnd, out int dataIndexUse)
    {
        dataIndexUse = -1;
        var reader = new InstructionReader(code, baseOffset) { Section = section, FunctionIndex = functionIndex };
        var depth = 0;
        while (true)
        {
            if (reader.IsAtEnd) throw reader.Malformed(requireExactEnd ? "END opcode expected" : "unexpected end");
            var ins = reader.Read();
            switch (ins.Opcode)
            {
                case Opcode.Block or Opcode.Loop or Opcode.If:
                    depth++;
                    break;
                case Opcode.End when depth == 0:
                    if (requireExactEnd && !reader.IsAtEnd)
                        throw reader.Malformed("section size mismatch: bytes after the function's final end");
                    return reader.Position;
                case Opcode.End:
                    depth--;
                    break;
                case Opcode.PrefixFC when dataIndexUse < 0 && ins.Prefixed is PrefixedOpcode.MemoryInit or PrefixedOpcode.DataDrop:
                    dataIndexUse = ins.Offset;
                    break;
            }
        }
    }
}
