using static PluginHost.Tests.Common.TestRepo;
namespace PluginHost.EndToEnd.Tests.FirstHour;

/// <summary>Bad input a new user gives the local commands, as a real process: one line saying what is wrong where, exit 2.</summary>
public sealed class InputErrorTests
{
    [Fact]
    public async Task AMalformedIcpYamlNamesTheFileTheLineAndWhatIsWrong()
    {
        var project = Directory.CreateTempSubdirectory("pluginhost-bad-yaml-").FullName;
        try
        {
            var file = Path.Combine(project, "icp.yaml");
            await File.WriteAllTextAsync(file, "canisters:\n  a: [b\nc: :\n");

            var (exitCode, stdout, stderr) = await RunToEnd("sync", "--project", project, "--environment", "local", "--dry-run",
                "--data-dir", Path.Combine(project, "data"));

            Assert.Equal(2, exitCode);
            CleanOutput.IsOneLine($"pluginhost sync: {file}:3: invalid YAML: the '[' opened at line 2, column 6 is not closed (expected ',' or ']')",
                stdout, stderr);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    [Theory]
    [InlineData("run", "--log-level bogus", "pluginhost run: --log-level: expected verbose, debug, information, warning, error or fatal, got 'bogus'")]
    [InlineData("run", "--runners 0", "pluginhost run: --runners: expected a whole number, 1 or more, got '0'")]
    [InlineData("resume", "--runners 0", "pluginhost resume: --runners: expected a whole number, 1 or more, got '0'")]
    [InlineData("runs", "--log-level loud", "pluginhost runs: --log-level: expected verbose, debug, information, warning, error or fatal, got 'loud'")]
    public async Task ABadNodeOptionNamesTheOptionAndTheExpectedValues(string command, string option, string line)
    {
        var data = Directory.CreateTempSubdirectory("pluginhost-bad-option-").FullName;
        try
        {
            string[] args = command == "run" ? ["run", Path.Combine(RepoRoot(), "examples", "runs", "hello.json")] : [command];

            var (exitCode, stdout, stderr) = await RunToEnd([.. args, .. option.Split(' '), "--data-dir", data], new Dictionary<string, string>());

            Assert.Equal(2, exitCode);
            CleanOutput.IsOneLine(line, stdout, stderr);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("install")]
    [InlineData("resume")]
    [InlineData("run")]
    public async Task ANonNumberForRunnersNamesTheOptionWithoutATypeName(string command)
    {
        var (exitCode, _, stderr) = await RunToEnd(command, "--runners", "abc");

        Assert.Equal(2, exitCode);
        Assert.Contains("pluginhost: --runners: expected a whole number, got 'abc'", stderr.Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Equal($"Run 'pluginhost {command} --help' for usage.", stderr.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("System.", stderr);
        Assert.DoesNotContain("Nullable", stderr);
    }

    [Theory]
    [InlineData("""{"runId": "x", "kind": "k", "items": [{"itemId": "a"}]}""", "an item (an object with itemId, name and steps) is missing required fields: 'name', 'steps'")]
    [InlineData("""{"runId": "x", "kind": "k", "items": [{"itemId": "a", "name": "a", "steps": [{"plugin": "p.wasm"}]}]}""", "a step (an object with name and plugin) is missing required fields: 'name'")]
    public async Task ARunSpecOfTheWrongShapeNamesTheFileAndTheMissingFieldInWords(string json, string why)
    {
        var dir = Directory.CreateTempSubdirectory("pluginhost-bad-spec-").FullName;
        try
        {
            var spec = Path.Combine(dir, "spec.json");
            await File.WriteAllTextAsync(spec, json);

            var (exitCode, stdout, stderr) = await RunToEnd("run", spec, "--data-dir", Path.Combine(dir, "data"));

            Assert.Equal(2, exitCode);
            CleanOutput.IsOneLine($"pluginhost run: {spec}: invalid run spec JSON: {why}", stdout, stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task SubmittingASpecWhoseRunIdExistsSaysHowToResumeOrRename()
    {
        var data = Directory.CreateTempSubdirectory("pluginhost-run-exists-").FullName;
        try
        {
            var spec = Path.Combine(RepoRoot(), "examples", "runs", "hello.json");
            var (firstCode, _, firstErr) = await RunToEnd("run", spec, "--data-dir", data);
            Assert.True(firstCode == 0, firstErr);

            var (exitCode, stdout, stderr) = await RunToEnd("run", spec, "--data-dir", data);

            Assert.Equal(2, exitCode);
            CleanOutput.IsOneLine($"pluginhost run: run hello already exists: `pluginhost resume hello` to resume it, or change `runId` in {spec}",
                stdout, stderr);
            Assert.Equal("", stdout.Trim());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
