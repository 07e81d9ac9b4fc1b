using System.Text;
using System.Text.Json;
using PluginHost.Plugins.Hosting.Wasi;

namespace PluginHost.Plugins.Tests.Hosting.Wasi;

/// <summary>The clang-built C programs of tests/fixtures/wasi on Wasmtime's WASI preview1, compared with their native
/// builds' output; the sandbox refuses every escape.</summary>
public sealed class WasiProgramTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("wasi-test-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> NativeCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in LoadCases())
            if (c.GetProperty("source").GetString() == "native") data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static List<JsonElement> LoadCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(WasiRun.FixturesDir, "cases.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    [Theory]
    [MemberData(nameof(NativeCases))]
    public void ProgramPrintsWhatItsNativeBuildPrints(string name)
    {
        var c = LoadCases().Single(x => x.GetProperty("name").GetString() == name);
        var outcome = RunCase(c);
        Assert.True(outcome.Result.ExitCode is not null, outcome.Result.Message);
        Assert.Equal(c.GetProperty("exitCode").GetInt32(), outcome.Result.ExitCode);
        var expectedFile = c.GetProperty("stdout");
        var expected = expectedFile.ValueKind == JsonValueKind.Null ? "" : File.ReadAllText(Path.Combine(WasiRun.FixturesDir, expectedFile.GetString()!));
        Assert.Equal(expected, outcome.Stdout);
    }

    [Fact]
    public void EveryEscapeAttemptIsRefused()
    {
        var outcome = RunCase(LoadCases().Single(x => x.GetProperty("name").GetString() == "escape"));
        Assert.Equal(0, outcome.Result.ExitCode);
        Assert.DoesNotContain("ESCAPED", outcome.Stdout);
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 15, outcome.Stdout);
        // Wasmtime lets the guest create a symlink inside the sandbox whatever its target (Node refuses): following it
        // is what must fail, and every open, rename and link through it or through ".." does.
        foreach (var line in lines.Where(l => (l.Contains("..") || l.Contains("/etc") || l.Contains("link")) && !l.StartsWith("symlink ", StringComparison.Ordinal)))
            Assert.Matches(@"(ENOTCAPABLE|EPERM|ENOENT|EACCES|ELOOP)$", line);
        Assert.Equal("secret\n", File.ReadAllText(Path.Combine(_scratch, "outside")));
        Assert.False(File.Exists(Path.Combine(_scratch, "created")));
        Assert.False(File.Exists(Path.Combine(_scratch, "moved.txt")));
    }

    [Fact]
    public void ReadOnlyPreopenRefusesWrites()
    {
        var dir = MakeDir("ro");
        var outcome = WasiRun.Run("files.wasm", ["/out"], o => o with { Preopens = [new WasiPreopen(dir, "/out", ReadOnly: true)] });
        var writeLine = outcome.Stdout.Split('\n').First(l => l.StartsWith("write a.txt", StringComparison.Ordinal));
        Assert.Matches("(EROFS|EPERM|ENOTCAPABLE)$", writeLine);
        Assert.DoesNotContain(" OK", outcome.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void NoPreopenMeansNoFileAccess()
    {
        var outcome = WasiRun.Run("walk.wasm", ["/data/tree"]);
        Assert.Equal("0 entries\n", outcome.Stdout);
        Assert.Contains("/data/tree", outcome.Stderr);
    }

    [Fact]
    public void OutputBeyondTheCapIsDroppedAndReportedOnce()
    {
        var lorem = Path.Combine(WasiRun.FixturesDir, "data", "tree", "lorem.txt");
        var lines = new List<string>();
        var sink = new CappedLines("stdout", lines.Add, 1000);
        var outcome = WasiRun.Run("cat.wasm", configure: o => o with { StdinFile = lorem, Stdout = sink.Write });
        sink.Complete();
        sink.Complete();
        Assert.Equal(0, outcome.Result.ExitCode);
        var text = File.ReadAllText(lorem);
        Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(lorem), 0, 1000), string.Join("\n", lines.SkipLast(1)));
        Assert.Equal($"... {new FileInfo(lorem).Length - 1000} bytes of stdout truncated", lines[^1]);
        Assert.StartsWith(lines[0], text, StringComparison.Ordinal);

        lines.Clear();
        var small = new CappedLines("stderr", lines.Add, 12);
        small.Write("line one\r\nline two\n"u8);
        small.Complete();
        Assert.Equal(["line one", "li", "... 7 bytes of stderr truncated"], lines);
    }

    private WasiRun.Outcome RunCase(JsonElement c)
    {
        var preopens = new List<WasiPreopen>();
        if (c.TryGetProperty("dirs", out var dirs))
            foreach (var d in dirs.EnumerateObject())
            {
                var host = d.Value.GetString() == "@tmp" ? MakeDir("sandbox") : Path.Combine(WasiRun.FixturesDir, d.Value.GetString()!);
                preopens.Add(new WasiPreopen(host, d.Name, ReadOnly: false));
            }
        if (c.TryGetProperty("prepare", out var prepare))
            foreach (var step in prepare.EnumerateArray())
            {
                if (step.GetString() == "outside-file") File.WriteAllText(Path.Combine(_scratch, "outside"), "secret\n");
                if (step.GetString() == "hostlink") File.CreateSymbolicLink(Path.Combine(_scratch, "sandbox", "hostlink"), "../outside");
            }
        var env = c.TryGetProperty("env", out var e) ? e.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList() : [];
        var stdin = c.TryGetProperty("stdin", out var s) ? Path.Combine(WasiRun.FixturesDir, s.GetString()!) : null;
        var args = c.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
        return WasiRun.Run(c.GetProperty("program").GetString()!, args, o => o with { Preopens = preopens, Env = env, StdinFile = stdin });
    }

    private string MakeDir(string name)
    {
        var path = Path.Combine(_scratch, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
