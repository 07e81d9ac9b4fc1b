using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Model;
using static PluginHost.Wasm.Tests.Decoding.ModuleBytes;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Tests.Decoding;

public sealed class ModuleDecoderTests
{
    [Fact]
    public void DecodesEverySectionOfARealModule()
    {
        var m = ModuleDecoder.Decode(Fixture.Bytes("features.wasm"));

        Assert.Equal(5, m.Types.Count);
        Assert.Equal(new FuncType([ValueType.I32, ValueType.I32], [ValueType.I32]), m.Types[0]);
        Assert.Equal(3, m.Imports.Count);
        Assert.Equal((1, 1, 0, 1), (m.ImportedFunctionCount, m.ImportedTableCount, m.ImportedMemoryCount, m.ImportedGlobalCount));
        Assert.Equal(new GlobalType(ValueType.I32, false), m.Imports[1].Global);
        Assert.Equal(4, m.FunctionTypeIndices.Count);
        Assert.Equal(new TableType(ValueType.ExternRef, new Limits(4, null)), Assert.Single(m.Tables));
        Assert.Equal(new Limits(1, 2), Assert.Single(m.Memories).Limits);
        Assert.Equal(3, m.Globals.Count);
        Assert.True(m.Globals[0].Type.Mutable);
        Assert.Contains(m.Exports, e => e is { Name: "add", Kind: ExternKind.Func, Index: 1 });
        Assert.Equal(4u, m.Start);
        Assert.Equal([SegmentMode.Active, SegmentMode.Passive, SegmentMode.Declarative], m.Elements.Select(e => e.Mode));
        Assert.Equal(2u, m.DataCount);
        Assert.Equal(4, m.Bodies.Count);
        Assert.Equal("hello"u8.ToArray(), m.Data[0].Bytes.ToArray());
        Assert.Equal(SegmentMode.Passive, m.Data[1].Mode);
        Assert.Equal("features", m.ModuleName);
        Assert.Equal("add", m.FunctionNames[1]);
        Assert.Equal("name", Assert.Single(m.CustomSections).Name);
    }

    [Fact]
    public void BodiesEndWithEndAndRecordTheirAbsoluteOffset()
    {
        var bytes = Fixture.Bytes("features.wasm");
        var m = ModuleDecoder.Decode(bytes);
        foreach (var body in m.Bodies)
        {
            Assert.Equal((byte)Opcode.End, body.Code.Span[^1]);
            Assert.True(bytes.AsSpan(body.CodeOffset, body.Code.Length).SequenceEqual(body.Code.Span));
        }
        var loops = m.Bodies[2];
        Assert.Equal([new LocalGroup(1, ValueType.I64), new LocalGroup(1, ValueType.F32), new LocalGroup(1, ValueType.F64)], loops.Locals);
        Assert.Equal(3u, loops.LocalCount);
    }

    [Fact]
    public void EveryTruncationIsAMalformedModuleError()
    {
        var bytes = Fixture.Bytes("features.wasm");
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsMemory(0, length);
            try
            {
                ModuleDecoder.Decode(prefix);
                // Cutting exactly at a section boundary leaves a well-formed module; anything else must be rejected.
            }
            catch (WasmModuleException e)
            {
                Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
                Assert.InRange(e.Offset, 0, length);
            }
        }
    }

    /// <summary>Decodes and validates; only <see cref="WasmModuleException"/> may escape.</summary>
    private static void DecodeAndValidate(byte[] bytes) => PluginHost.Wasm.Validation.Validator.Validate(ModuleDecoder.Decode(bytes));

    [Fact]
    public void RandomGarbageOnlyEverThrowsModuleErrors()
    {
        var random = new Random(12345);
        var template = Fixture.Bytes("features.wasm");
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])template.Clone();
            var flips = random.Next(1, 6);
            for (var f = 0; f < flips; f++) bytes[random.Next(8, bytes.Length)] = (byte)random.Next(256);
            try
            {
                DecodeAndValidate(bytes);
            }
            catch (WasmModuleException)
            {
            }
        }
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (bytes.Length >= 8 && random.Next(2) == 0) Header.CopyTo(bytes, 0);
            try
            {
                ModuleDecoder.Decode(bytes);
            }
            catch (WasmModuleException)
            {
            }
        }
    }

    [Theory]
    [InlineData((byte)1)]
    [InlineData((byte)2)]
    [InlineData((byte)3)]
    [InlineData((byte)6)]
    [InlineData((byte)7)]
    [InlineData((byte)9)]
    [InlineData((byte)10)]
    [InlineData((byte)11)]
    public void HugeDeclaredCountsFailBeforeAllocating(byte sectionId)
    {
        var bytes = Module(Section(sectionId, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(bytes));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.StartsWith("unexpected end", e.Reason);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void HugeBrTableAndLocalCountsFailBeforeAllocating()
    {
        var brTable = SingleFunction([], [0x00], 0x41, 0x00, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00);
        var locals = SingleFunction([], [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.StartsWith("unexpected end", Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(brTable)).Reason);
        Assert.StartsWith("unexpected end", Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(locals)).Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Theory]
    [InlineData(new byte[0], "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00 }, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, "unknown binary version")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x0E, 0x01, 0x00 }, "malformed section id")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x00 }, "length out of bounds")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00 }, "section size mismatch")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00 }, "function and code section have inconsistent lengths")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x0C, 0x01, 0x01 }, "data count and data section have inconsistent lengths")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x08, 0x01, 0x00, 0x08, 0x01, 0x00 }, "unexpected content after last section")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x05, 0x07, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "integer too large")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0xFF }, "malformed UTF-8 encoding")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x06, 0x06, 0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B }, "malformed mutability")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x04, 0x04, 0x01, 0x6E, 0x00, 0x00 }, "malformed reference type")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x02, 0x05, 0x01, 0x00, 0x00, 0x04, 0x00 }, "malformed import kind")]
    public void MalformedModulesUseTheSpecWording(byte[] bytes, string reason)
    {
        var e = Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(bytes));
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.StartsWith(reason, e.Reason);
    }

    [Fact]
    public void InstructionErrorsNameTheFunctionAndOffset()
    {
        var bytes = SingleFunction([], [0x00], 0x01, 0x3F, 0x01, 0x1A);
        var e = Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(bytes));
        Assert.Equal("zero byte expected", e.Reason);
        Assert.Equal("code", e.Section);
        Assert.Equal(0, e.FunctionIndex);
        Assert.Equal(0x01, bytes[e.Offset]);
        Assert.Equal(0x3F, bytes[e.Offset - 1]);
        Assert.Contains("in function 0", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x06 }, "illegal opcode")]
    [InlineData(new byte[] { 0xFD, 0x0C }, "illegal opcode 0xfd")]
    [InlineData(new byte[] { 0xFC, 0x12 }, "illegal opcode 0xfc 18")]
    [InlineData(new byte[] { 0x02, 0x40 }, "END opcode expected")]
    [InlineData(new byte[] { 0xD0, 0x7F }, "malformed reference type")]
    [InlineData(new byte[] { 0x41, 0x80, 0x80, 0x80, 0x80, 0x70 }, "integer too large")]
    public void MalformedInstructionsAreRejected(byte[] code, string reason)
    {
        var e = Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(SingleFunction([], [0x00], code)));
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.StartsWith(reason, e.Reason);
    }

    [Fact]
    public void DataDropWithoutDataCountSectionIsMalformedWhenDataSegmentsExist()
    {
        byte[] body = [0x00, 0xFC, 0x09, 0x00, 0x0B];
        var bytes = Module(
            Section(1, 0x01, 0x60, 0x00, 0x00),
            Section(3, 0x01, 0x00),
            Section(5, 0x01, 0x00, 0x01),
            Section(10, [0x01, (byte)body.Length, .. body]),
            Section(11, 0x01, 0x01, 0x01, 0x61));
        var e = Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(bytes));
        Assert.Equal((ModuleErrorKind.Malformed, "data count section required"), (e.Kind, e.Reason));
        Assert.Equal(0xFC, bytes[e.Offset]);
    }

    [Fact]
    public void V128IsRejectedAsUnsupportedSimd()
    {
        var e = Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(Module(Section(1, 0x01, 0x60, 0x01, 0x7B, 0x00))));
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.Contains("SIMD", e.Reason);
        Assert.Equal("type", e.Section);
    }

    [Fact]
    public void TooManyLocalsIsMalformed()
    {
        var e = Assert.Throws<WasmModuleException>(() => ModuleDecoder.Decode(SingleFunction([], [0x02, 0xC0, 0x84, 0x3D, 0x7F, 0x01, 0x7E])));
        Assert.StartsWith("too many locals", e.Reason);
    }

    [Fact]
    public void MalformedNameSectionIsIgnored()
    {
        byte[] name = [0x04, (byte)'n', (byte)'a', (byte)'m', (byte)'e', 0x00, 0x09, 0x05, (byte)'x'];
        var m = ModuleDecoder.Decode(Module(Section(0, name)));
        Assert.Null(m.ModuleName);
        Assert.Single(m.CustomSections);
    }
}
