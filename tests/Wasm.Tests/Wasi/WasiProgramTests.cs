using System.Text;
using System.Text.Json;
using PluginHost.Wasm.Wasi;

namespace PluginHost.Wasm.Tests.Wasi;

/// <summary>The C programs of tests/fixtures/wasi, run under our WASI and compared with their native builds' output.</summary>
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
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(WasiHarness.FixturesDir, "cases.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    [Theory]
    [MemberData(nameof(NativeCases))]
    public void ProgramPrintsWhatItsNativeBuildPrints(string name)
    {
        var c = LoadCases().Single(x => x.GetProperty("name").GetString() == name);
        var outcome = RunCase(c);
        Assert.Null(outcome.Trap);
        Assert.Equal(c.GetProperty("exitCode").GetInt32(), outcome.ExitCode);
        var expectedFile = c.GetProperty("stdout");
        var expected = expectedFile.ValueKind == JsonValueKind.Null ? "" : File.ReadAllText(Path.Combine(WasiHarness.FixturesDir, expectedFile.GetString()!));
        Assert.Equal(expected, outcome.Stdout);
    }

    [Fact]
    public void EveryEscapeAttemptIsRefused()
    {
        var c = LoadCases().Single(x => x.GetProperty("name").GetString() == "escape");
        var outcome = RunCase(c);
        Assert.Equal(0, outcome.ExitCode);
        Assert.DoesNotContain("ESCAPED", outcome.Stdout);
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 15, outcome.Stdout);
        foreach (var line in lines.Where(l => l.Contains("..") || l.Contains("/etc") || l.Contains("link")))
            Assert.Matches(@"(ENOTCAPABLE|EPERM|ENOENT)$", line);
        Assert.Equal("secret\n", File.ReadAllText(Path.Combine(_scratch, "outside")));
        Assert.False(File.Exists(Path.Combine(_scratch, "created")));
        Assert.False(File.Exists(Path.Combine(_scratch, "moved.txt")));
    }

    [Fact]
    public void ReadOnlyPreopenRefusesWrites()
    {
        var outcome = WasiHarness.Run("files.wasm", ["/out"], [new Preopen(MakeDir("ro"), "/out", ReadOnly: true)]);
        var writeLine = outcome.Stdout.Split('\n').First(l => l.StartsWith("write a.txt", StringComparison.Ordinal));
        Assert.EndsWith("EROFS", writeLine);
        Assert.DoesNotContain(" OK", outcome.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_scratch, "ro")));
    }

    [Fact]
    public void NoPreopenMeansNoFileAccess()
    {
        var outcome = WasiHarness.Run("walk.wasm", ["/data/tree"]);
        Assert.Equal("0 entries\n", outcome.Stdout);
        Assert.Contains("/data/tree", outcome.Stderr);
    }

    [Fact]
    public void OutputBeyondTheCapIsDroppedAndReportedOnce()
    {
        var lorem = File.ReadAllBytes(Path.Combine(WasiHarness.FixturesDir, "data", "tree", "lorem.txt"));
        var outcome = WasiHarness.Run("cat.wasm", stdin: lorem, stdoutCap: 1000);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(Encoding.UTF8.GetString(lorem, 0, 1000), outcome.Stdout);
        Assert.Equal(lorem.Length - 1000, outcome.StdoutSink.DroppedBytes);

        var lines = new List<string>();
        var sink = OutputSink.Lines("stdout", lines.Add, cap: 12);
        sink.Write("line one\r\nline two\n"u8);
        sink.Complete();
        sink.Complete();
        Assert.Equal(["line one", "li", "... 7 bytes of stdout truncated"], lines);
    }

    private WasiHarness.Outcome RunCase(JsonElement c)
    {
        var preopens = new List<Preopen>();
        if (c.TryGetProperty("dirs", out var dirs))
            foreach (var d in dirs.EnumerateObject())
            {
                var host = d.Value.GetString() == "@tmp" ? MakeDir("sandbox") : Path.Combine(WasiHarness.FixturesDir, d.Value.GetString()!);
                preopens.Add(new Preopen(host, d.Name, ReadOnly: false));
            }
        if (c.TryGetProperty("prepare", out var prepare))
            foreach (var step in prepare.EnumerateArray())
            {
                if (step.GetString() == "outside-file") File.WriteAllText(Path.Combine(_scratch, "outside"), "secret\n");
                if (step.GetString() == "hostlink") File.CreateSymbolicLink(Path.Combine(_scratch, "sandbox", "hostlink"), "../outside");
            }
        var env = c.TryGetProperty("env", out var e) ? e.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList() : null;
        var stdin = c.TryGetProperty("stdin", out var s) ? File.ReadAllBytes(Path.Combine(WasiHarness.FixturesDir, s.GetString()!)) : null;
        var args = c.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
        return WasiHarness.Run(c.GetProperty("program").GetString()!, args, preopens, env, stdin);
    }

    private string MakeDir(string name)
    {
        var path = Path.Combine(_scratch, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
