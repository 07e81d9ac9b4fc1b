using System.Diagnostics;

namespace PluginHost.Tests.Common;

/// <summary>Paths in the repository and the built `pluginhost` process, shared by every test project.</summary>
internal static class TestRepo
{
    /// <summary>The repository root: the nearest folder above the test assembly holding PluginHost.sln.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PluginHost.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PluginHost.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A path under tests/fixtures.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([RepoRoot(), "tests", "fixtures", .. parts]);

    /// <summary>Starts the built pluginhost.dll (next to the test assembly) with redirected output.</summary>
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pluginhost.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Runs pluginhost to its end (3-minute cap) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEnd(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
