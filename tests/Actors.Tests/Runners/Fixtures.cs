using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runners;

/// <summary>Paths of committed fixtures and helpers to build "wasi" steps of tests/fixtures/wasi/steps.wasm.</summary>
public static class Fixtures
{
    /// <summary>The repository root (folder holding PluginHost.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>tests/fixtures/wasi/steps.wasm.</summary>
    public static string StepsWasm => Path.Combine(RepoRoot, "tests", "fixtures", "wasi", "steps.wasm");

    /// <summary>A wasi step running steps.wasm with arguments and optional read-write dirs.</summary>
    public static StepSpec WasiStep(string name, IReadOnlyList<string> args, StepLimits? limits = null, params string[] dirs) =>
        new(name, StepsWasm, new WasiStepInput(args, null, dirs.Select(d => new WasiStepDir(d)).ToList()).ToPayload(), limits ?? StepLimits.Default);

    /// <summary>A fresh temporary directory.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ph-coord-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PluginHost.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PluginHost.sln not found above " + AppContext.BaseDirectory);
    }
}
