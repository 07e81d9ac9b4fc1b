using PluginHost.Wasm.Text;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.Wasm.Tests.Text;

/// <summary>Text modules encoded to binary and run by the engine.</summary>
public sealed class ModuleParserTests
{
    private static readonly PluginHost.Wasm.Engine Engine = new();

    private static Instance Instantiate(string text)
    {
        var module = Module.FromBytes(Engine, ModuleParser.EncodeText(text));
        return new Linker(Engine).Instantiate(new Store(Engine), module);
    }

    private static int Call(Instance instance, string name, params int[] args) =>
        instance.GetFunction(name)!.Invoke([.. args.Select(Value.FromI32)]).Single().I32;

    [Fact]
    public void EmptyModuleIsJustTheHeader() =>
        Assert.Equal([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00], ModuleParser.EncodeText("(module)"));

    [Fact]
    public void FoldedAndPlainInstructionsWithNamedLocalsAndLabels()
    {
        var m = Instantiate("""
            (module
              (func $fac (export "fac") (param $n i32) (result i32)
                (if (result i32) (i32.eqz (local.get $n))
                  (then (i32.const 1))
                  (else (i32.mul (local.get $n) (call $fac (i32.sub (local.get $n) (i32.const 1)))))))
              (func (export "sum") (param $n i32) (result i32) (local $acc i32)
                block $done
                  loop $again
                    local.get $n
                    i32.eqz
                    br_if $done
                    (local.set $acc (i32.add (local.get $acc) (local.get $n)))
                    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                    br $again
                  end $again
                end $done
                local.get $acc))
            """);

        Assert.Equal(120, Call(m, "fac", 5));
        Assert.Equal(55, Call(m, "sum", 10));
    }

    [Fact]
    public void TableAndMemoryAbbreviationsWithInlineSegments()
    {
        var m = Instantiate("""
            (module
              (type $ii (func (param i32) (result i32)))
              (table $t funcref (elem $double $square))
              (memory (export "mem") (data "\01\02" "\03"))
              (global $base (mut i32) (i32.const 1))
              (func $double (type $ii) (i32.add (local.get 0) (local.get 0)))
              (func $square (type $ii) (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
              (func (export "apply") (param i32 i32) (result i32)
                (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
              (func (export "byte") (param i32) (result i32) (i32.load8_u offset=0 align=1 (local.get 0)))
              (func (export "pick") (param i32) (result i32)
                (select (result i32) (global.get $base) (i32.const 9) (local.get 0))))
            """);

        Assert.Equal(14, Call(m, "apply", 0, 7));
        Assert.Equal(49, Call(m, "apply", 1, 7));
        Assert.Equal(3, Call(m, "byte", 2));
        Assert.Equal(1, Call(m, "pick", 1));
        Assert.Equal(9, Call(m, "pick", 0));
    }

    [Theory]
    [InlineData("(module (func (i32.bogus)))", "1:16: unknown operator i32.bogus")]
    [InlineData("(module (func (local.get $x)))", "1:26: unknown local $x")]
    [InlineData("(module (func $f) (func $f))", "1:19: duplicate func $f")]
    [InlineData("(module (func block $a end $b))", "1:28: mismatching label $b")]
    [InlineData("(module (type $t (func)) (func (type $t) (param i32)))", "1:42: inline function type does not match its type use")]
    [InlineData("(module (func (i32.const 0x1_0000_0000) drop))", "1:26: constant out of range: 0x1_0000_0000")]
    [InlineData("(module (func) (import \"m\" \"f\" (func)))", "1:16: import after function")]
    [InlineData("(module (func (i32.load align=3 (i32.const 0)) drop) (memory 1))", "1:25: alignment must be a power of two")]
    [InlineData("(module (start 0) (start 0) (func))", "1:19: multiple start sections")]
    public void TextLevelMistakesAreParseErrors(string text, string message)
    {
        var e = Assert.Throws<WatParseException>(() => ModuleParser.EncodeText(text));

        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("arith")]
    [InlineData("imports")]
    [InlineData("memory")]
    [InlineData("multivalue")]
    [InlineData("recursion")]
    [InlineData("start")]
    [InlineData("tableops")]
    [InlineData("tables")]
    [InlineData("wide")]
    public void FixtureModulesEncodeLikeWat2Wasm(string name)
    {
        var dir = Fixture("wat");
        var ours = Module.FromBytes(Engine, ModuleParser.EncodeText(File.ReadAllText(Path.Combine(dir, name + ".wat"))));
        var theirs = Module.FromFile(Engine, Path.Combine(dir, name + ".wasm"));

        Assert.Equal(theirs.Exports.Select(e => e.ToString()), ours.Exports.Select(e => e.ToString()));
        Assert.Equal(theirs.Imports.Select(i => (i.Module, i.Name, i.Kind)), ours.Imports.Select(i => (i.Module, i.Name, i.Kind)));
    }
}
