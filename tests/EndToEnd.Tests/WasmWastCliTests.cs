using System.Diagnostics;

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

        var (exitCode, stdout, stderr) = await RunPluginHost("wasm", "wast", _dir, "--skip", "simd_*");

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

        var (exitCode, stdout, _) = await RunPluginHost("wasm", "wast", _dir);

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

        var (exitCode, _, stderr) = await RunPluginHost("wasm", "wast", missing);

        Assert.Equal(2, exitCode);
        Assert.Contains($"path not found: {missing}", stderr);
    }

    [Fact]
    public async Task MissingWast2JsonIsAUsageErrorNamingThePackage()
    {
        Write("a.wast", "(module)");
        var emptyPath = Directory.CreateDirectory(Path.Combine(_dir, "empty-path")).FullName;

        var (exitCode, _, stderr) = await RunPluginHost(["wasm", "wast", _dir, "--converter", "wast2json"], new() { ["PATH"] = emptyPath });

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

        var (exitCode, stdout, stderr) = await RunPluginHost(["wasm", "wast", Path.Combine(_dir, "a.wast")], new() { ["PATH"] = emptyPath });

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Equal("wast: 2 passed, 0 failed, 0 skipped", stdout.TrimEnd().Split('\n')[^1]);
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }

    /// <summary>Runs the built pluginhost.dll (copied beside this test assembly) with `dotnet`.</summary>
    internal static Task<(int ExitCode, string Stdout, string Stderr)> RunPluginHost(params string[] args) =>
        RunPluginHost(args, new Dictionary<string, string>());

    /// <summary>Runs the built pluginhost.dll with `dotnet` (its real path, so PATH may be changed), with extra environment.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunPluginHost(string[] args, Dictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pluginhost.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        var info = new ProcessStartInfo(DotnetPath()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout).Replace("\r\n", "\n"), await stderr);
    }

    /// <summary>The dotnet host: the one running this test if it is dotnet, else the first on PATH, symlinks resolved.</summary>
    private static string DotnetPath()
    {
        var candidates = new List<string?> { Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), Environment.ProcessPath };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "dotnet")));
        foreach (var candidate in candidates)
        {
            if (candidate is null || Path.GetFileNameWithoutExtension(candidate) != "dotnet" || !File.Exists(candidate)) continue;
            return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
        }
        throw new InvalidOperationException("dotnet not found");
    }
}
