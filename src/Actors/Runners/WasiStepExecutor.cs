using System.Text;
using PluginHost.Wasm;
using PluginHost.Wasm.Wasi;

namespace PluginHost.Actors.Runners;

/// <summary>The built-in "wasi" step: runs a WASI command module's <c>_start</c> in a fresh store, with the step's
/// arguments, environment and preopens; succeeds on exit code 0; stdout/stderr lines become step output.</summary>
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

    // Synchronous: guest code runs on the caller's (the runner's) thread anyway.
    private StepResult Execute(StepContext context)
    {
        var step = context.Step;
        WasiStepInput input;
        try { input = WasiStepInput.Parse(step.Input); }
        catch (FormatException e) { return StepResult.Failure($"step '{step.Name}': {e.Message}"); }

        Module module;
        try { module = _modules.GetFromFile(step.Plugin); } // on the runner's thread: no async hop
        catch (FileNotFoundException e) { return StepResult.Failure(e.Message); }
        catch (WasmModuleException e) { return StepResult.Failure($"plugin '{step.Plugin}' is not a valid module: {e.Message}"); }

        var cap = step.Limits.MaxStreamBytes ?? DefaultStreamCap;
        var stdout = OutputSink.Lines("stdout", line => context.Output("stdout", Shared.Runs.Payload.OfText(line)), cap);
        var stderr = OutputSink.Lines("stderr", line => context.Output("stderr", Shared.Runs.Payload.OfText(line)), cap);
        List<Preopen> preopens;
        try { preopens = (input.Dirs ?? []).Select(ToPreopen).ToList(); }
        catch (DirectoryNotFoundException e) { return StepResult.Failure($"step '{step.Name}': {e.Message}"); }

        var config = new WasiConfig
        {
            Args = [Path.GetFileName(step.Plugin), .. input.Args ?? []],
            Env = (input.Env ?? new Dictionary<string, string>()).ToList(),
            Preopens = preopens,
            Stdin = Stream.Null,
            Stdout = stdout,
            Stderr = stderr,
            Cancellation = context.CancellationToken,
        };
        using var wasi = new WasiContext(config);
        var store = new Store(_modules.Engine);
        if (step.Limits.MaxMemoryBytes is { } max) store.Limits = new StoreLimits { MaxMemoryBytes = max };
        using var cancel = context.CancellationToken.Register(store.Interrupt);
        try
        {
            var linker = new Linker(_modules.Engine);
            wasi.AddToLinker(linker);
            var instance = linker.Instantiate(store, module);
            var start = instance.GetFunction("_start")
                ?? throw new WasmLinkException($"plugin '{step.Plugin}' exports no _start function: it is not a WASI command");
            if (step.Limits.ComputeTime is { } limit) store.SetDeadline(limit);
            start.Invoke();
            return Success(0);
        }
        catch (WasiExitException exit) when (exit.ExitCode == 0)
        {
            return Success(0);
        }
        catch (WasiExitException exit)
        {
            return StepResult.Failure($"plugin '{Path.GetFileName(step.Plugin)}' exited with code {exit.ExitCode}");
        }
        catch (WasmTrapException trap) when (trap.Kind == TrapKind.Interrupted)
        {
            return StepResult.Failure(context.CancellationToken.IsCancellationRequested
                ? "step interrupted: the node is shutting down"
                : $"step timed out after {step.Limits.ComputeTime?.TotalMilliseconds:0} ms (compute time limit)");
        }
        catch (WasmTrapException trap)
        {
            return StepResult.Failure($"plugin '{Path.GetFileName(step.Plugin)}' trapped: {trap.Kind}: {trap.Message}");
        }
        catch (WasmLinkException e)
        {
            return StepResult.Failure(e.Message);
        }
        finally
        {
            store.SetDeadline(Timeout.InfiniteTimeSpan);
            wasi.Complete();
        }
    }

    private static StepResult Success(int exitCode) =>
        StepResult.Success(Shared.Runs.Payload.OfText(new StringBuilder().Append("{\"exitCode\":").Append(exitCode).Append('}').ToString()));

    private static Preopen ToPreopen(WasiStepDir dir)
    {
        if (!Directory.Exists(dir.Host)) throw new DirectoryNotFoundException($"preopen directory '{dir.Host}' does not exist");
        return new Preopen(dir.Host, string.IsNullOrEmpty(dir.Guest) ? dir.Host : dir.Guest, dir.ReadOnly);
    }
}
