using System.Text;
using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Hosting.Wasi;
using Wasmtime;

namespace PluginHost.Actors.Runners;

/// <summary>The built-in "wasi" step: runs a WASI command module's <c>_start</c> on Wasmtime in a fresh store, with the
/// step's arguments, environment, preopens and limits; succeeds on exit code 0; stdout/stderr lines become step output.</summary>
public sealed class WasiStepExecutor : IStepExecutor
{
    /// <summary>Default cap on each output stream when the step sets none (1 MiB).</summary>
    public const long DefaultStreamCap = 1 << 20;

    private readonly ModuleCache _modules;

    /// <summary>Creates the executor over the node's module cache.</summary>
    public WasiStepExecutor(ModuleCache modules) => _modules = modules;

    /// <inheritdoc />
    public string Kind => "wasi";

    /// <inheritdoc />
    public Task<StepResult> ExecuteAsync(StepContext context) => Task.FromResult(Execute(context));

    // Synchronous: the runner's thread waits while the guest runs on a wasm thread.
    private StepResult Execute(StepContext context)
    {
        var step = context.Step;
        var name = Path.GetFileName(step.Plugin);
        WasiStepInput input;
        try { input = WasiStepInput.Parse(step.Input); }
        catch (FormatException e) { return StepResult.Failure($"step '{step.Name}': {e.Message}"); }

        Module module;
        try { module = _modules.GetFromFile(step.Plugin); } // on the runner's thread: no async hop
        catch (FileNotFoundException e) { return StepResult.Failure(e.Message); }
        catch (WasmtimeException e) { return StepResult.Failure($"plugin '{step.Plugin}' is not a valid module: {PluginFailure.Reason(e)}"); }

        List<WasiPreopen> preopens;
        try { preopens = (input.Dirs ?? []).Select(ToPreopen).ToList(); }
        catch (DirectoryNotFoundException e) { return StepResult.Failure($"step '{step.Name}': {e.Message}"); }

        var cap = step.Limits.MaxStreamBytes ?? DefaultStreamCap;
        var stdout = new CappedLines("stdout", line => context.Output("stdout", Shared.Runs.Payload.OfText(line)), cap);
        var stderr = new CappedLines("stderr", line => context.Output("stderr", Shared.Runs.Payload.OfText(line)), cap);
        var options = new WasiCommandOptions
        {
            Name = name,
            Args = [name, .. input.Args ?? []],
            Env = (input.Env ?? new Dictionary<string, string>()).ToList(),
            Preopens = preopens,
            Stdout = stdout.Write,
            Stderr = stderr.Write,
            MemoryBytes = step.Limits.MaxMemoryBytes,
            ComputeTime = step.Limits.ComputeTime,
            Cancellation = context.CancellationToken,
        };
        var result = WasiCommand.Run(_modules.Engine, module, options);
        stdout.Complete();
        stderr.Complete();
        if (result.Succeeded) return Success(0);
        if (result.ExitCode is { } code) return StepResult.Failure($"plugin '{name}' exited with code {code}");
        if (result.Cancelled) return StepResult.Failure("step interrupted: the node is shutting down");
        if (result.Failure == PluginFailureKind.ComputeTime)
            return StepResult.Failure($"step timed out after {step.Limits.ComputeTime?.TotalMilliseconds:0} ms (compute time limit)");
        return StepResult.Failure(result.Message ?? $"plugin '{name}' failed");
    }

    private static StepResult Success(int exitCode) =>
        StepResult.Success(Shared.Runs.Payload.OfText(new StringBuilder().Append("{\"exitCode\":").Append(exitCode).Append('}').ToString()));

    private static WasiPreopen ToPreopen(WasiStepDir dir)
    {
        if (!Directory.Exists(dir.Host)) throw new DirectoryNotFoundException($"preopen directory '{dir.Host}' does not exist");
        return new WasiPreopen(dir.Host, string.IsNullOrEmpty(dir.Guest) ? dir.Host : dir.Guest, dir.ReadOnly);
    }
}
