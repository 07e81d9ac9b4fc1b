using Wasmtime;
using Wasmtime.Components;

namespace PluginHost.Plugins.Hosting.Wasi;

/// <summary>Runs a WASI 0.2 command component (its <c>wasi:cli/run</c> export) on Wasmtime with WASI 0.2 from
/// <see cref="ComponentLinker.AddWasiPreview2"/>: a fresh store with the options' limits, the same sandbox options as a
/// preview1 command; ends in a <see cref="WasiCommandResult"/> (exit 0 when run returns ok, 1 when it returns err).</summary>
public static class WasiComponentCommand
{
    /// <summary>The export a command component runs (Wasmtime finds any 0.2.x by semver).</summary>
    public const string RunInterface = "wasi:cli/run@0.2.0";

    /// <summary>Whether <paramref name="component"/> exports <see cref="RunInterface"/>.</summary>
    public static bool IsCommand(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        using var export = component.GetExport(RunInterface);
        return export is not null;
    }

    /// <summary>Instantiates <paramref name="component"/> and calls its <c>run</c> (on the wasm thread).</summary>
    public static WasiCommandResult Run(WasmEngine engine, Component component, WasiCommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(options);
        var limits = new StepLimits(options.MemoryBytes ?? engine.Settings.MaxMemoryBytes, options.ComputeTime ?? Timeout.InfiniteTimeSpan, options.Fuel);
        var wasi = WasiCommand.Configure(options);
        return engine.RunOnWasmThread(() =>
        {
            var watch = new WasiCommand.Watch(options.ComputeTime, options.Cancellation);
            using var store = WasiCommand.NewStore(engine, limits, watch, wasi);
            using var linker = new ComponentLinker(engine.Engine);
            linker.AddWasiPreview2();
            try
            {
                var instance = linker.Instantiate(store, component);
                var run = instance.GetFunction(RunInterface, "run")
                    ?? throw new WasiCommandException($"plugin '{options.Name}' exports no {RunInterface} run function: it is not a WASI command");
                var result = run.Call();
                return WasiCommandResult.Exited(result is { IsOk: false } ? 1 : 0);
            }
            catch (WasmtimeException e) when (e.ExitCode is { } exit)
            {
                return WasiCommandResult.Exited(exit);
            }
            catch (WasiCommandException e)
            {
                return new WasiCommandResult(null, PluginFailureKind.Other, e.Message);
            }
            catch (WasmtimeException e)
            {
                return WasiCommand.Failed(e, watch, options, limits, memory: null);
            }
        });
    }
}
