using System.Text;
using System.Text.RegularExpressions;
using static PluginHost.Tests.Common.TestRepo;
namespace PluginHost.EndToEnd.Tests.FirstHour;

/// <summary>What the local commands print, as a real process: a failure's error once, install phases in words,
/// multi-line messages kept in their column, an interrupted run shown as interrupted.</summary>
public sealed class OutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pluginhost-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Data => Path.Combine(_dir, "data");

    private string WriteSpec(string runId, params string[][] stepArgs)
    {
        var plugin = Path.Combine(RepoRoot(), "examples", "runs", "steps.wasm").Replace("\\", "\\\\");
        var steps = string.Join(", ", stepArgs.Select((args, i) =>
        {
            var input = System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Serialize(new { args }));
            return $$"""{"name": "s{{i}}", "plugin": "{{plugin}}", "input": {"text": {{input}} } }""";
        }));
        var path = Path.Combine(_dir, runId + ".json");
        File.WriteAllText(path, $$"""{"runId": "{{runId}}", "kind": "demo", "items": [{"itemId": "a", "name": "a", "steps": [{{steps}}]}]}""");
        return path;
    }

    [Fact]
    public async Task AFailedItemsErrorIsPrintedOnce()
    {
        var spec = WriteSpec("fails", ["nonsense"]);

        var (exitCode, stdout, stderr) = await RunToEnd("run", spec, "--data-dir", Data);

        Assert.True(exitCode == 1, stdout + stderr);
        const string error = "plugin 'steps.wasm' exited with code 2";
        Assert.Single(Regex.Matches(stdout + stderr, Regex.Escape(error)));
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("run fails (demo, 1 item)", lines);
        Assert.Contains("a: step 1/1 s0 failed", lines);
        Assert.Contains($"a: failed: step 0 (s0) failed: {error}", lines);
        Assert.Contains("failed: a", lines);
        CleanOutput.HasNoCrash(stdout + stderr);
    }

    [Fact]
    public async Task InstallShowsPhasesInWordsAndNoEmptyDownload()
    {
        var config = Path.Combine(RepoRoot(), "examples", "tools", ".prototools");

        var (exitCode, stdout, stderr) = await RunToEnd("install", "--config", config, "--data-dir", Data, "demo");

        Assert.True(exitCode == 0, stdout + stderr);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Matches(@"^run install-\S+ \(install, 1 item\)$", lines[0]);
        Assert.Contains("demo@1.2.5: resolving version", lines);
        Assert.Contains("demo@1.2.5: downloading", lines);
        Assert.DoesNotContain("ResolvingVersion", stdout);
        Assert.DoesNotContain("0 B", stdout);
        Assert.Contains("demo@1.2.5: succeeded: 1.2.5, downloaded 232 B, bins: demo", lines);
        CleanOutput.HasNoCrash(stdout + stderr);
    }

    [Fact]
    public async Task AMultiLineMessageKeepsTheColumnsOfRunsFollowAndShow()
    {
        var spec = WriteSpec("lines", ["echo", "first line", "second line"]);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("\"name\": \"a\"", "\"name\": \"two\\nlines\""));
        var (runCode, runOut, runErr) = await RunToEnd("run", spec, "--data-dir", Data);
        Assert.True(runCode == 0, runOut + runErr);

        var (followCode, follow, followErr) = await RunToEnd("runs", "follow", "lines", "--data-dir", Data);

        Assert.True(followCode == 0, follow + followErr);
        var lines = follow.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, line => Assert.Matches(@"^( {0,5}\d+ \S| {7}\S)", line));
        Assert.Contains("     2 ItemScheduled a (two", lines);
        Assert.Contains("       lines)", lines);
        Assert.Contains(lines, l => l.EndsWith("StepOutput a[0] stdout: second line", StringComparison.Ordinal));

        var (showCode, show, _) = await RunToEnd("runs", "show", "lines", "--data-dir", Data);
        Assert.Equal(0, showCode);
        var shown = show.Replace("\r", "");
        Assert.Contains("item a (two\n  lines): succeeded", shown);
        Assert.Contains("    stdout: first line\n    stdout: second line", shown);
    }

    [Fact]
    public async Task ARunStoppedBySigtermIsListedAsInterruptedAndARunningOneAsRunning()
    {
        var spec = WriteSpec("spins", ["spin"]);
        using var process = Start("run", spec, "--data-dir", Data, "--drain-seconds", "0");
        var stdout = new StringBuilder();
        var started = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (stdout) stdout.AppendLine(e.Data);
            if (e.Data?.Contains("step 1/1 s0 started", StringComparison.Ordinal) == true) started.TrySetResult();
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var (_, whileRunning, _) = await RunToEnd("runs", "--data-dir", Data);
            Assert.Matches(@"(?m)^spins +demo +running ", whileRunning);

            SendSignal(process.Id, "-TERM");
            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60))) await process.WaitForExitAsync(limit.Token);
            Assert.Equal(143, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        var (exitCode, list, stderr) = await RunToEnd("runs", "--data-dir", Data);

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"(?m)^spins +demo +interrupted +1 +0 +0  ", list);
    }
}
