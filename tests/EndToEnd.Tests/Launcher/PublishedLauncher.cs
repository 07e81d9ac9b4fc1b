using System.Diagnostics;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Launcher;

/// <summary>The Native AOT launcher (src/Launcher) published once per test run into a temporary directory, with the
/// CLI under test (this test assembly's directory) as its `lib/`, the layout of a published install.</summary>
internal static class PublishedLauncher
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The published `pluginhost` launcher executable.</summary>
    public static Task<string> PathAsync() => Published.Value;

    /// <summary>Runs the launcher with <paramref name="args"/> to its end (3-minute cap); its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEnd(string launcher, params string[] args)
    {
        var psi = new ProcessStartInfo(launcher) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout).Replace("\r\n", "\n"), await stderr);
    }

    private static async Task<string> PublishAsync()
    {
        var dir = Directory.CreateTempSubdirectory("pluginhost-launcher-").FullName;
        var project = Path.Combine(RepoRoot(), "src", "Launcher", "PluginHost.Launcher.csproj");
        var psi = new ProcessStartInfo(DotnetPath(), ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", dir, "--nologo", "-v", "q"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var launcher = Path.Combine(dir, "pluginhost");
        if (process.ExitCode != 0 || !File.Exists(launcher))
            throw new InvalidOperationException($"dotnet publish {project} (Native AOT, needs gcc or clang) exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        Directory.CreateSymbolicLink(Path.Combine(dir, "lib"), AppContext.BaseDirectory.TrimEnd('/'));
        return launcher;
    }
}
