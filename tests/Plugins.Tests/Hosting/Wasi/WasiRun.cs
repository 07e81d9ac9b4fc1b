using System.Text;
using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Hosting.Wasi;
using PluginHost.Tests.Common;
using Wasmtime;

namespace PluginHost.Plugins.Tests.Hosting.Wasi;

/// <summary>Runs a tests/fixtures/wasi program through <see cref="WasiCommand"/> and collects its output.</summary>
internal static class WasiRun
{
    private static readonly CompiledPluginCache Cache = new(WasmEngine.Shared, null);

    /// <summary>tests/fixtures/wasi.</summary>
    public static string FixturesDir { get; } = TestRepo.Fixture("wasi");

    /// <summary>What a run produced.</summary>
    public sealed record Outcome(WasiCommandResult Result, string Stdout, string Stderr);

    /// <summary>The compiled fixture program.</summary>
    public static Module Program(string program, WasmEngine? engine = null) => engine is null
        ? Cache.GetModule(File.ReadAllBytes(Path.Combine(FixturesDir, program)), program)
        : Module.FromFile(engine.Engine, Path.Combine(FixturesDir, program));

    /// <summary>Runs <paramref name="program"/> with argv [program, ..args]; <paramref name="configure"/> adjusts the options.</summary>
    public static Outcome Run(string program, string[]? args = null, Func<WasiCommandOptions, WasiCommandOptions>? configure = null,
        WasmEngine? engine = null)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var options = new WasiCommandOptions
        {
            Name = program,
            Args = [program, .. args ?? []],
            Stdout = bytes => { lock (stdout) stdout.Write(bytes); },
            Stderr = bytes => { lock (stderr) stderr.Write(bytes); },
        };
        options = configure?.Invoke(options) ?? options;
        var result = WasiCommand.Run(engine ?? WasmEngine.Shared, Program(program, engine), options);
        return new Outcome(result, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }
}
