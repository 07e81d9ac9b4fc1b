using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Runs;

/// <summary>The steps the run benchmarks execute, and the executors for them (modules compiled before any timing).</summary>
public sealed class BenchSteps : IDisposable
{
    private readonly string _dataDir;

    private BenchSteps(string dataDir, string inputFile, ModuleCache modules)
    {
        _dataDir = dataDir;
        InputFile = inputFile;
        Wasi = new WasiStepExecutor(modules);
    }

    /// <summary>The wasi step executor (one module cache).</summary>
    public IStepExecutor Wasi { get; }

    /// <summary>The executor of <see cref="Noop"/>: returns at once.</summary>
    public IStepExecutor NoopExecutor { get; } = new ReturnAtOnce();

    /// <summary>The host file the hash step reads.</summary>
    public string InputFile { get; }

    /// <summary>A short wasi step: `steps.wasm echo` (WASI `_start` in a fresh store).</summary>
    public static StepSpec Echo { get; } = new("echo", Fixture("wasi", "steps.wasm"), new WasiStepInput(["echo"]).ToPayload(), StepLimits.Default);

    /// <summary>A step of kind "noop" that does nothing: the pure coordinator and journal cost.</summary>
    public static StepSpec Noop { get; } = new("noop", "noop", Payload.Empty, StepLimits.Default, ReturnAtOnce.StepKind);

    /// <summary>A CPU-bound wasi step: `hashfile.wasm` (SHA-256 and FNV-1a 64) over <see cref="InputFile"/>.</summary>
    public StepSpec Hash => HashStep(_dataDir);

    /// <summary>Writes a random input file of <paramref name="kib"/> KiB and compiles the modules.</summary>
    public static BenchSteps Create(int kib)
    {
        var dir = Directory.CreateTempSubdirectory("pluginhost-bench-steps-").FullName;
        var file = Path.Combine(dir, "input.bin");
        var bytes = new byte[kib << 10];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(file, bytes);
        var modules = new ModuleCache();
        modules.Get(File.ReadAllBytes(Echo.Plugin));
        modules.Get(File.ReadAllBytes(HashStep(dir).Plugin));
        return new BenchSteps(dir, file, modules);
    }

    /// <summary>The hash step over input.bin in <paramref name="dir"/>, which the guest sees read-only as /data.</summary>
    public static StepSpec HashStep(string dir) => new("hash", Fixture("wasi", "hashfile.wasm"),
        new WasiStepInput(["/data/input.bin"], null, [new WasiStepDir(dir, "/data", ReadOnly: true)]).ToPayload(), StepLimits.Default);

    /// <summary>A registry of the wasi and noop executors.</summary>
    public StepExecutorRegistry Registry() => new StepExecutorRegistry().Add(Wasi).Add(NoopExecutor);

    /// <summary>Deletes the input file.</summary>
    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private static string Fixture(params string[] parts) => Path.Combine([RepoRoot.Find(), "tests", "fixtures", .. parts]);

    private sealed class ReturnAtOnce : IStepExecutor
    {
        public const string StepKind = "noop";

        public string Kind => StepKind;

        public Task<StepResult> ExecuteAsync(StepContext context) => Task.FromResult(StepResult.Success(Payload.Empty));
    }
}
