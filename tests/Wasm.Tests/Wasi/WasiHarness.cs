using static PluginHost.Tests.Common.TestRepo;
using System.Text;
using PluginHost.Wasm.Wasi;


namespace PluginHost.Wasm.Tests.Wasi;

using Engine = global::PluginHost.Wasm.Engine;

/// <summary>Runs a WASI fixture program in-process and collects what it did.</summary>
internal static class WasiHarness
{
    private static readonly Engine SharedEngine = new();
    private static readonly Dictionary<string, Module> Modules = new();

    public sealed record Outcome(int ExitCode, string Stdout, string Stderr, WasmTrapException? Trap, OutputSink StdoutSink);

    public static string FixturesDir => Fixture("wasi");

    public static Module Load(string program, Engine? engine = null)
    {
        var path = Path.Combine(FixturesDir, program);
        if (engine is not null) return Module.FromFile(engine, path);
        lock (Modules)
        {
            if (!Modules.TryGetValue(program, out var module)) Modules[program] = module = Module.FromFile(SharedEngine, path);
            return module;
        }
    }

    public static Outcome Run(string program, string[]? args = null, IReadOnlyList<Preopen>? preopens = null,
        IReadOnlyList<KeyValuePair<string, string>>? env = null, byte[]? stdin = null, Action<Store>? configure = null,
        long stdoutCap = long.MaxValue, Engine? engine = null)
    {
        var module = Load(program, engine);
        var stdout = OutputSink.Buffer("stdout", stdoutCap);
        var stderr = OutputSink.Buffer("stderr");
        var config = new WasiConfig
        {
            Args = [program, .. args ?? []],
            Env = env ?? [],
            Preopens = preopens ?? [],
            Stdin = stdin is null ? null : new MemoryStream(stdin),
            Stdout = stdout,
            Stderr = stderr,
        };
        using var wasi = new WasiContext(config);
        var store = new Store(module.Engine);
        configure?.Invoke(store);
        var linker = new Linker(module.Engine);
        wasi.AddToLinker(linker);
        var exitCode = 0;
        WasmTrapException? trap = null;
        try
        {
            linker.Instantiate(store, module).GetFunction("_start")!.Invoke();
        }
        catch (WasiExitException exit)
        {
            exitCode = exit.ExitCode;
        }
        catch (WasmTrapException t)
        {
            trap = t;
            exitCode = -1;
        }
        wasi.Complete();
        return new Outcome(exitCode, Encoding.UTF8.GetString(stdout.GetBytes()), stderr.GetText(), trap, stdout);
    }
}
