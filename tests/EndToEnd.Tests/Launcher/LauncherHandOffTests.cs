using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Launcher;

/// <summary>The published launcher hands every command line but a clean `wasm run` to the CLI in `lib/`, unchanged.</summary>
public sealed class LauncherHandOffTests
{
    [Fact]
    public async Task OtherCommandsHelpAndUsageErrorsAreTheClisOwn()
    {
        var launcher = await PublishedLauncher.PathAsync();
        var data = Directory.CreateTempSubdirectory("launcher-data-").FullName;
        try
        {
            string[][] commandLines =
            [
                ["runs", "--data-dir", data],
                ["runs", "show", "no-such-run", "--data-dir", data],
                ["wasm", "run", "--help"],
                ["wasm", "run"],
                ["wasm", "run", Fixture("wasi", "exitcode.wasm"), "--no-such-flag"],
                ["wasm"],
                ["--help"],
            ];
            foreach (var args in commandLines)
            {
                var viaLauncher = await PublishedLauncher.RunToEnd(launcher, args);
                var cli = await RunToEnd(args);
                Assert.Equal(cli, viaLauncher);
            }
            Assert.NotEqual(0, (await RunToEnd("wasm", "run")).ExitCode);   // the list above holds failures too
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task ACleanWasmRunDoesNotStartTheCli()
    {
        var launcher = await PublishedLauncher.PathAsync();
        var copy = Directory.CreateTempSubdirectory("launcher-alone-").FullName;
        try
        {
            // The launcher alone, without lib/: `wasm run` works, anything else names what is missing.
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(launcher)!))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var alone = Path.Combine(copy, "pluginhost");
            var (exitCode, stdout, stderr) = await PublishedLauncher.RunToEnd(alone, "wasm", "run", Fixture("bench", "kernels-wasi.wasm"), "--", "fib:20");
            Assert.True(exitCode == 0, stderr);
            Assert.Equal("fib 20 6765\n", stdout);
            (exitCode, stdout, stderr) = await PublishedLauncher.RunToEnd(alone, "runs");
            Assert.Equal(2, exitCode);
            Assert.Equal($"pluginhost: the CLI is not installed beside this launcher (expected {Path.Combine(copy, "lib", "pluginhost")}); publish it there with `dotnet publish src/Nodes -o {Path.Combine(copy, "lib")}`\n", stderr);
            Assert.Empty(stdout);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
