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

    /// <summary>A path under the shared data folder (../shared beside the repository root, or beside a further ancestor for nested git worktrees).</summary>
    public static string SharedData(params string[] parts)
    {
        for (var dir = Directory.GetParent(RepoRoot()); dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(shared)) return Path.GetFullPath(Path.Combine([shared, .. parts]));
        }
        throw new DirectoryNotFoundException($"the shared data folder (../shared) was not found beside {RepoRoot()} or any folder above it");
    }

    /// <summary>Why a test reading ../shared/PARTS is skipped: null when the path exists, or when CI=true (CI requires ../shared,
    /// so the test runs and fails there).</summary>
    public static string? SharedDataSkipReason(params string[] parts)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var path = SharedData(parts);
            if (Directory.Exists(path) || File.Exists(path)) return null;
            return $"needs ../shared/{string.Join('/', parts)}, which is absent (CI runs it: .ci/run requires ../shared)";
        }
        catch (DirectoryNotFoundException)
        {
            return $"needs ../shared/{string.Join('/', parts)}: no ../shared beside the repository (CI runs it: .ci/run requires ../shared)";
        }
    }

    /// <summary>A path under tests/fixtures.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([RepoRoot(), "tests", "fixtures", .. parts]);

    /// <summary>Starts the built pluginhost.dll (next to the test assembly) with redirected output.</summary>
    public static Process Start(params string[] args) => Start(args, new Dictionary<string, string>());

    /// <summary>Starts the built pluginhost.dll with redirected output and extra environment variables.</summary>
    public static Process Start(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pluginhost.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is not built next to the test assembly", dll);
        var psi = new ProcessStartInfo(DotnetPath()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Sends a signal ("-TERM", "-INT", ...) to a process with the system's `kill`; throws when kill fails.</summary>
    public static void SendSignal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {pid} exited with {kill.ExitCode}");
    }

    /// <summary>The dotnet host running this test (or the first on PATH), symlinks resolved, so a test may change PATH.</summary>
    public static string DotnetPath()
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

    /// <summary>Runs pluginhost to its end (3-minute cap) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunToEnd(params string[] args) => RunToEnd(args, new Dictionary<string, string>());

    /// <summary>Runs pluginhost to its end (3-minute cap) with extra environment variables; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEnd(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout).Replace("\r\n", "\n"), await stderr);
    }
}
