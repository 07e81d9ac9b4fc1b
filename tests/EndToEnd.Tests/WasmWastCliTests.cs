using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests;

/// <summary>`pluginhost wasm wast` run as a real process.</summary>
public sealed class WasmWastCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wast-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunsAFolderRecursivelyAndClosesWithTheTotals()
    {
        Write("a.wast", """
            (module (func (export "one") (result i32) (i32.const 1)))
            (assert_return (invoke "one") (i32.const 1))
            (assert_malformed (module quote "(func") "unexpected token")
            """);
        Write("nested/b.wast", """
            (module (func (export "boom") unreachable))
            (assert_trap (invoke "boom") "unreachable")
            """);
        Write("nested/simd_x.wast", "(module (func (export \"f\") (result i32) (i32.const 1)))\n(assert_return (invoke \"f\") (i32.const 2))\n");

        var (exitCode, stdout, stderr) = await RunToEnd("wasm", "wast", _dir, "--skip", "simd_*");

        var lines = stdout.TrimEnd().Split('\n');
        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Equal("wast: 5 passed, 0 failed, 0 skipped", lines[^1]);
        Assert.Contains($"PASS {Path.Combine(_dir, "a.wast")} (3 passed, 0 skipped)", lines);
        Assert.Contains($"PASS {Path.Combine(_dir, "nested", "b.wast")} (2 passed, 0 skipped)", lines);
        Assert.Contains($"SKIP {Path.Combine(_dir, "nested", "simd_x.wast")} (--skip)", lines);
    }

    [Fact]
    public async Task AFailureIsDetailedAndExitsWithOne()
    {
        Write("bad.wast", """
            (module (func (export "one") (result i32) (i32.const 1)))
            (assert_return (invoke "one") (i32.const 2))
            """);

        var (exitCode, stdout, _) = await RunToEnd("wasm", "wast", _dir);

        var lines = stdout.TrimEnd().Split('\n');
        Assert.Equal(1, exitCode);
        Assert.Equal($"FAIL {Path.Combine(_dir, "bad.wast")} (1 passed, 1 failed, 0 skipped)", lines[0]);
        Assert.Equal("    line 2: assert_return (invoke \"one\"): expected (i32:2), got (i32:1)", lines[1]);
        Assert.Equal("wast: 1 passed, 1 failed, 0 skipped", lines[^1]);
    }

    [Fact]
    public async Task MissingPathIsAUsageError()
    {
        var missing = Path.Combine(_dir, "missing");

        var (exitCode, _, stderr) = await RunToEnd("wasm", "wast", missing);

        Assert.Equal(2, exitCode);
        Assert.Contains($"path not found: {missing}", stderr);
    }

    [Fact]
    public async Task MissingWast2JsonIsAUsageErrorNamingThePackage()
    {
        Write("a.wast", "(module)");
        var emptyPath = Directory.CreateDirectory(Path.Combine(_dir, "empty-path")).FullName;

        var (exitCode, _, stderr) = await RunToEnd(["wasm", "wast", _dir, "--converter", "wast2json"], new Dictionary<string, string> { ["PATH"] = emptyPath });

        Assert.Equal(2, exitCode);
        Assert.Contains("wast2json not found: install Debian's wabt package", stderr);
    }

    [Fact]
    public async Task TheDefaultTextParserNeedsNoExternalTool()
    {
        Write("a.wast", """
            (module (func (export "one") (result i32) (i32.const 1)))
            (assert_return (invoke "one") (i32.const 1))
            """);
        var emptyPath = Directory.CreateDirectory(Path.Combine(_dir, "empty-path")).FullName;

        var (exitCode, stdout, stderr) = await RunToEnd(["wasm", "wast", Path.Combine(_dir, "a.wast")], new Dictionary<string, string> { ["PATH"] = emptyPath });

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Equal("wast: 2 passed, 0 failed, 0 skipped", stdout.TrimEnd().Split('\n')[^1]);
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}
