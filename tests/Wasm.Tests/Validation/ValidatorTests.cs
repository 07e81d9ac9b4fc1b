using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Tests.Decoding;
using static PluginHost.Wasm.Tests.Decoding.ModuleBytes;
using WasmValidator = PluginHost.Wasm.Validation.Validator;

namespace PluginHost.Wasm.Tests.Validation;

public sealed class ValidatorTests
{
    private static void Validate(byte[] bytes) => WasmValidator.Validate(ModuleDecoder.Decode(bytes));

    private static WasmModuleException Invalid(byte[] bytes)
    {
        var e = Assert.Throws<WasmModuleException>(() => Validate(bytes));
        Assert.Equal(ModuleErrorKind.Invalid, e.Kind);
        return e;
    }

    [Fact]
    public void RealModuleValidates() => Validate(Fixture.Bytes("features.wasm"));

    [Fact]
    public void ValidFunctionsOfTheTestModuleValidate()
    {
        Validate(TestModule.WithFunction());
        Validate(TestModule.WithFunction([0x7F], [0x00], 0x23, 0x00));                 // global.get 0
        Validate(TestModule.WithFunction(0x41, 0x01, 0x24, 0x01));                     // global.set 1 (mutable)
        Validate(TestModule.WithFunction([0x7F], [0x00], 0x00, 0x6A));                 // unreachable; i32.add: polymorphic
        Validate(TestModule.WithFunction([0x7E], [0x00], 0x00, 0x1B));                 // unreachable; select -> i64 result
        Validate(TestModule.WithFunction(0xFC, 0x0D, 0x00));                           // elem.drop 0
        Validate(TestModule.WithFunction([0x70], [0x00], 0xD2, 0x00));                 // ref.func 0: declared by elem 0
        Validate(TestModule.WithFunction([0x7F], [0x00], 0x41, 0x00, 0x02, 0x01, 0x41, 0x02, 0x6A, 0x0B)); // block (type 1)
    }

    [Theory]
    [InlineData(new byte[] { 0x20, 0x00, 0x1A }, "unknown local 0", 0)]
    [InlineData(new byte[] { 0x41, 0x00, 0x24, 0x00 }, "global is immutable", 2)]
    [InlineData(new byte[] { 0x23, 0x05, 0x1A }, "unknown global 5", 0)]
    [InlineData(new byte[] { 0x10, 0x09 }, "unknown function 9", 0)]
    [InlineData(new byte[] { 0x41, 0x00, 0x11, 0x09, 0x00 }, "unknown type 9", 2)]
    [InlineData(new byte[] { 0x41, 0x00, 0x11, 0x00, 0x01 }, "type mismatch", 2)]
    [InlineData(new byte[] { 0x41, 0x00, 0x11, 0x00, 0x05 }, "unknown table 5", 2)]
    [InlineData(new byte[] { 0x41, 0x01, 0x42, 0x01, 0x6A, 0x1A }, "type mismatch", 4)]
    [InlineData(new byte[] { 0x0C, 0x03 }, "unknown label 3", 0)]
    [InlineData(new byte[] { 0x41, 0x00, 0x28, 0x03, 0x00, 0x1A }, "alignment must not be larger than natural", 2)]
    [InlineData(new byte[] { 0x41, 0x00, 0x25, 0x05, 0x1A }, "unknown table 5", 2)]
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00 }, "unknown data segment 0", 6)]
    [InlineData(new byte[] { 0xFC, 0x0D, 0x01 }, "unknown elem segment 1", 0)]
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x00, 0x01 }, "type mismatch", 6)]
    [InlineData(new byte[] { 0xD0, 0x6F, 0xD0, 0x6F, 0x41, 0x00, 0x1B, 0x1A }, "type mismatch", 6)]
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02, 0x7F, 0x7F, 0x1A }, "invalid result arity", 6)]
    [InlineData(new byte[] { 0x41, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x0B, 0x1A }, "type mismatch", 6)]
    [InlineData(new byte[] { 0x02, 0x7F, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A }, "type mismatch", 6)]
    [InlineData(new byte[] { 0x41, 0x00 }, "type mismatch", 2)]
    [InlineData(new byte[] { 0xD1 }, "type mismatch", 0)]
    [InlineData(new byte[] { 0x41, 0x00, 0xD1, 0x1A }, "type mismatch", 2)]
    [InlineData(new byte[] { 0x02, 0x09, 0x0B }, "unknown type 9", 0)]
    public void InvalidInstructionsAreReportedWhereTheyAre(byte[] code, string reason, int instructionAt)
    {
        var bytes = TestModule.WithFunction(code);
        var e = Invalid(bytes);
        Assert.StartsWith(reason, e.Reason);
        Assert.Equal("code", e.Section);
        Assert.Equal(0, e.FunctionIndex);
        var codeStart = bytes.Length - code.Length - 1; // the body ends with code and then `end`
        Assert.Equal(codeStart + instructionAt, e.Offset);
        Assert.Contains("in function 0", e.Message);
        Assert.Contains($"0x{e.Offset:x}", e.Message);
    }

    [Fact]
    public void MissingResultIsATypeMismatchAtTheFinalEnd()
    {
        var bytes = TestModule.WithFunction([0x7F], [0x00]);
        var e = Invalid(bytes);
        Assert.StartsWith("type mismatch", e.Reason);
        Assert.Equal(bytes.Length - 1, e.Offset);
    }

    [Fact]
    public void RefFuncOfAnUndeclaredFunctionIsRejected()
    {
        byte[] body = [0x00, 0xD2, 0x00, 0x1A, 0x0B];
        var bytes = Module(
            Section(1, 0x01, 0x60, 0x00, 0x00),
            Section(3, 0x01, 0x00),
            Section(10, [0x01, (byte)body.Length, .. body]));
        Assert.StartsWith("undeclared function reference", Invalid(bytes).Reason);
    }

    [Fact]
    public void MemoryInstructionsNeedAMemory()
    {
        var e = Invalid(SingleFunction([], [0x00], 0x41, 0x00, 0x28, 0x02, 0x00, 0x1A));
        Assert.StartsWith("unknown memory 0", e.Reason);
        Assert.StartsWith("unknown memory", Invalid(SingleFunction([], [0x00], 0x3F, 0x00, 0x1A)).Reason);
    }

    public static TheoryData<byte[], string, string> InvalidModules => new()
    {
        { Module(Section(5, 0x02, 0x00, 0x01, 0x00, 0x01)), "multiple memories", "memory" },
        { Module(Section(5, 0x01, 0x00, 0x81, 0x80, 0x04)), "memory size must be at most 65536 pages (4GiB)", "memory" },
        { Module(Section(5, 0x01, 0x01, 0x02, 0x01)), "size minimum must not be greater than maximum", "memory" },
        { Module(Section(4, 0x01, 0x70, 0x01, 0x05, 0x04)), "size minimum must not be greater than maximum", "table" },
        { Module(Section(3, 0x01, 0x00), Section(10, 0x01, 0x02, 0x00, 0x0B)), "unknown type 0", "function" },
        { Module(Section(1, 0x01, 0x60, 0x00, 0x00), Section(3, 0x01, 0x00), Section(7, 0x02, 0x01, (byte)'a', 0x00, 0x00, 0x01, (byte)'a', 0x00, 0x00),
            Section(10, 0x01, 0x02, 0x00, 0x0B)), "duplicate export name \"a\"", "export" },
        { Module(Section(7, 0x01, 0x01, (byte)'a', 0x03, 0x00)), "unknown global 0", "export" },
        { Module(Section(1, 0x01, 0x60, 0x01, 0x7F, 0x00), Section(3, 0x01, 0x00), Section(8, 0x00), Section(10, 0x01, 0x02, 0x00, 0x0B)),
            "start function", "start" },
        { Module(Section(8, 0x00)), "unknown function 0", "start" },
        { Module(Section(6, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x68, 0x0B)), "constant expression required", "global" },
        { Module(Section(6, 0x01, 0x7F, 0x00, 0x42, 0x00, 0x0B)), "type mismatch", "global" },
        { Module(Section(6, 0x02, 0x7F, 0x00, 0x41, 0x00, 0x0B, 0x7F, 0x00, 0x23, 0x00, 0x0B)), "unknown global 0", "global" },
        { Module(Section(2, 0x01, 0x01, (byte)'e', 0x01, (byte)'g', 0x03, 0x7F, 0x01), Section(6, 0x01, 0x7F, 0x00, 0x23, 0x00, 0x0B)),
            "constant expression required", "global" },
        { Module(Section(4, 0x01, 0x6F, 0x00, 0x01), Section(9, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x00)), "type mismatch", "element" },
        { Module(Section(9, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x00)), "unknown table 0", "element" },
        { Module(Section(4, 0x01, 0x70, 0x00, 0x01), Section(9, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x07)), "unknown function 7", "element" },
        { Module(Section(11, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x00)), "unknown memory 0", "data" },
        { Module(Section(5, 0x01, 0x00, 0x01), Section(11, 0x01, 0x00, 0x42, 0x00, 0x0B, 0x00)), "type mismatch", "data" },
    };

    [Theory]
    [MemberData(nameof(InvalidModules))]
    public void InvalidModulesNameTheSection(byte[] bytes, string reason, string section)
    {
        var e = Invalid(bytes);
        Assert.StartsWith(reason, e.Reason);
        Assert.Equal(section, e.Section);
        Assert.Contains($"in {section} section", e.Message);
    }

    [Fact]
    public void ModuleLevelErrorsPointAtTheOffendingEntry()
    {
        byte[] exports = [0x02, 0x01, (byte)'a', 0x00, 0x00, 0x01, (byte)'a', 0x00, 0x00];
        var bytes = Module(Section(1, 0x01, 0x60, 0x00, 0x00), Section(3, 0x01, 0x00), Section(7, exports), Section(10, 0x01, 0x02, 0x00, 0x0B));
        var e = Invalid(bytes);
        var second = bytes.AsSpan().IndexOf(exports) + 5;
        Assert.Equal(second, e.Offset);

        byte[] memories = [0x02, 0x00, 0x01, 0x01, 0x02, 0x03];
        bytes = Module(Section(5, memories));
        e = Invalid(bytes);
        Assert.StartsWith("multiple memories", e.Reason);
        Assert.Equal(bytes.AsSpan().IndexOf(memories) + 3, e.Offset);
    }

    [Fact]
    public void ExtendedConstArithmeticIsAllowedInConstantExpressions()
    {
        // (global i32 (i32.add (i32.const 1) (i32.mul (i32.const 2) (i32.const 3))))
        Validate(Module(Section(6, 0x01, 0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x6C, 0x6A, 0x0B)));
        Assert.StartsWith("type mismatch", Invalid(Module(Section(6, 0x01, 0x7F, 0x00, 0x41, 0x01, 0x42, 0x02, 0x6A, 0x0B))).Reason);
    }

    [Fact]
    public void DeepNestingValidates()
    {
        const int depth = 10_000;
        byte[] code = [.. Enumerable.Repeat<byte[]>([0x02, 0x40], depth).SelectMany(b => b), .. Enumerable.Repeat((byte)0x0B, depth)];
        Validate(SingleFunction([], [0x00], code));
    }
}
