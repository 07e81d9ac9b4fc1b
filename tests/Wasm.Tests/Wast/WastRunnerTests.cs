using PluginHost.Wasm.Wast;

namespace PluginHost.Wasm.Tests.Wast;

/// <summary>The wast runner on small hand-written scripts.</summary>
public sealed class WastRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wast-runner-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PassingScriptCountsEveryCommand()
    {
        var result = Run("""
            (module
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (global (export "g") i64 (i64.const -7)))
            (assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 5))
            (assert_return (invoke "add" (i32.const -1) (i32.const 0)) (i32.const -1))
            (assert_return (get "g") (i64.const -7))
            (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
            (assert_malformed (module quote "(func") "unexpected token")
            (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
            (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
            """);

        Assert.True(result.Success, result.DescribeFailures());
        Assert.Equal((7, 0, 1), (result.Passed, result.Failed, result.Skipped));
    }

    [Fact]
    public void FailingAssertReturnIsReportedWithItsLineAndBothValues()
    {
        var result = Run("""
            (module
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
            (assert_return (invoke "add" (i32.const 2) (i32.const 2)) (i32.const 4))
            (assert_return (invoke "add" (i32.const 2) (i32.const 2)) (i32.const 5))
            """);

        Assert.Equal((2, 1), (result.Passed, result.Failed));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(4, failure.Line);
        Assert.Equal("assert_return (invoke \"add\" i32:2 i32:2)", failure.Command);
        Assert.Equal("expected (i32:5), got (i32:4)", failure.Message);
    }

    [Fact]
    public void TrapsAreMatchedByTheirSpecText()
    {
        var result = Run("""
            (module
              (memory 1)
              (func (export "boom") unreachable)
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "fine") (result i32) (i32.const 1)))
            (assert_trap (invoke "boom") "unreachable")
            (assert_trap (invoke "load" (i32.const 65536)) "out of bounds memory access")
            (assert_trap (invoke "boom") "integer overflow")
            (assert_trap (invoke "fine") "unreachable")
            """);

        Assert.Equal((3, 2), (result.Passed, result.Failed));
        Assert.Equal([8, 9], result.Failures.Select(f => f.Line));
        Assert.Contains("expected trap \"integer overflow\", got trap \"unreachable\"", result.Failures[0].Message);
        Assert.Contains("expected trap \"unreachable\", got (i32:1)", result.Failures[1].Message);
    }

    [Fact]
    public void NanPatternsCheckTheBitPattern()
    {
        var result = Run("""
            (module
              (func (export "div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
              (func (export "payload") (result f32) (f32.const nan:0x200000))
              (func (export "quiet") (result f64) (f64.const -nan:0xc000000000000)))
            (assert_return (invoke "div" (f32.const 0) (f32.const 0)) (f32.const nan:canonical))
            (assert_return (invoke "div" (f32.const 0) (f32.const 0)) (f32.const nan:arithmetic))
            (assert_return (invoke "quiet") (f64.const nan:arithmetic))
            (assert_return (invoke "payload") (f32.const nan:0x200000))
            (assert_return (invoke "payload") (f32.const nan:canonical))
            (assert_return (invoke "payload") (f32.const nan:arithmetic))
            (assert_return (invoke "quiet") (f64.const nan:canonical))
            """);

        Assert.Equal((5, 3), (result.Passed, result.Failed));
        Assert.Equal([9, 10, 11], result.Failures.Select(f => f.Line));
        Assert.Contains("expected (f32:nan:canonical), got (f32:NaN (0x7fa00000))", result.Failures[0].Message);
    }

    [Fact]
    public void SpectestModuleRegisterAndExternrefsWork()
    {
        var print = new StringWriter();
        var result = Run("""
            (module $M
              (import "spectest" "print_i32" (func $print (param i32)))
              (import "spectest" "global_i32" (global $g i32))
              (import "spectest" "memory" (memory 1 2))
              (import "spectest" "table" (table 10 funcref))
              (func (export "show") (call $print (global.get $g)))
              (func (export "id") (param externref) (result externref) (local.get 0))
              (func (export "size") (result i32) (memory.size)))
            (register "M" $M)
            (module
              (import "M" "size" (func $size (result i32)))
              (func (export "size2") (result i32) (i32.mul (call $size) (i32.const 2))))
            (invoke $M "show")
            (assert_return (invoke "size2") (i32.const 2))
            (assert_return (invoke $M "id" (ref.extern 7)) (ref.extern 7))
            (assert_return (invoke $M "id" (ref.null extern)) (ref.null extern))
            (assert_return (invoke $M "id" (ref.extern 7)) (ref.extern 8))
            (assert_unlinkable (module (import "M" "missing" (func))) "unknown import")
            (assert_trap (module (func $f unreachable) (start $f)) "unreachable")
            """, print);

        Assert.Equal((9, 1), (result.Passed, result.Failed));
        Assert.Equal(17, Assert.Single(result.Failures).Line);
        Assert.Equal("666 : i32", print.ToString().Trim());
    }

    [Fact]
    public void AHungCommandIsAbandonedAndTheRestOfItsFileFails()
    {
        // The print host function blocks until released: the second command hangs for as long as the test wants.
        using var gate = new ManualResetEventSlim();
        var result = Run("""
            (module
              (import "spectest" "print_i32" (func $print (param i32)))
              (func (export "hang") (call $print (i32.const 1))))
            (invoke "hang")
            (invoke "hang")
            (invoke "hang")
            """, new BlockingWriter(gate), commandTimeout: TimeSpan.FromSeconds(3));
        gate.Set();

        Assert.Equal((1, 3), (result.Passed, result.Failed));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(4, failure.Line);
        Assert.Equal("action (invoke \"hang\")", failure.Command);
        Assert.StartsWith("no result after 3 s", failure.Message);
        Assert.Contains("the 2 commands after it count as failed", failure.Message);
    }

    [Fact]
    public void StrictMessagesAlsoCompareTheRejectionReason()
    {
        const string script = """
            (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
            (assert_malformed (module binary "\00asm\02\00\00\00") "magic header not detected")
            (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
            """;

        var lenient = Run(script);
        var strict = Run(script, strictMessages: true);

        Assert.Equal((3, 0), (lenient.Passed, lenient.Failed));
        Assert.Equal((2, 1), (strict.Passed, strict.Failed));
        var failure = Assert.Single(strict.Failures);
        Assert.Equal(2, failure.Line);
        Assert.StartsWith("rejected as malformed as expected, but for \"unknown binary version", failure.Message);
        Assert.Contains("instead of \"magic header not detected\"", failure.Message);
    }

    [Fact]
    public void MissingConverterIsAClearError()
    {
        var error = Assert.Throws<WastConverterNotFoundException>(() =>
            new WastRunner(new WastRunnerOptions { ConverterPath = Path.Combine(_dir, "no-such-wast2json") }));

        Assert.StartsWith("wast2json not found: install Debian's wabt package", error.Message);
    }

    [Fact]
    public void ConversionsAreCachedByContent()
    {
        var cache = Path.Combine(_dir, "cache");
        var runner = new WastRunner(new WastRunnerOptions { CacheDirectory = cache });
        const string script = "(module (func (export \"f\")))\n(invoke \"f\")\n";
        var first = Path.Combine(_dir, "first.wast");
        var second = Path.Combine(_dir, "second.wast");
        File.WriteAllText(first, script);
        File.WriteAllText(second, script);

        runner.RunFile(first);
        runner.RunFile(second);
        File.WriteAllText(second, script + "(invoke \"f\")\n");
        runner.RunFile(second);

        var entries = Directory.GetDirectories(cache);
        Assert.Equal(2, entries.Length);
        Assert.All(entries, e => Assert.True(File.Exists(Path.Combine(e, "script.json")), e));
    }

    [Fact]
    public void UnparseableScriptGivesAConversionErrorNamingTheFile()
    {
        var path = Path.Combine(_dir, "broken.wast");
        File.WriteAllText(path, "(module (func (export \"f\") (i32.bogus)))\n");

        var result = new WastRunner().RunFile(path);

        Assert.NotNull(result.ConversionError);
        Assert.Contains(path, result.ConversionError);
        Assert.Contains("i32.bogus", result.ConversionError);
        Assert.Equal(1, result.Failed);
    }

    private WastFileResult Run(string script, TextWriter? print = null, TimeSpan? commandTimeout = null, bool strictMessages = false)
    {
        var path = Path.Combine(_dir, $"snippet-{Guid.NewGuid():N}.wast");
        File.WriteAllText(path, script + "\n");
        var options = new WastRunnerOptions
        {
            PrintOutput = print,
            CacheDirectory = Path.Combine(_dir, "cache"),
            StrictModuleErrors = strictMessages,
        };
        if (commandTimeout is { } timeout) options = options with { CommandTimeout = timeout };
        return new WastRunner(options).RunFile(path);
    }

    /// <summary>A writer whose WriteLine waits until the gate opens.</summary>
    private sealed class BlockingWriter(ManualResetEventSlim gate) : StringWriter
    {
        public override void WriteLine(string? value) => gate.Wait();
    }
}
