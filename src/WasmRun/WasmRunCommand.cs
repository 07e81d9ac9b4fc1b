using System.CommandLine;
using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Hosting.Wasi;
using Wasmtime;

namespace PluginHost.WasmRun;

/// <summary>`pluginhost wasm run FILE.wasm [options] -- ARGS...`: runs a WASI preview1 command module (or invokes an
/// export) or a WASI 0.2 command component on
/// Wasmtime, like `wasmtime run`; the exit code is the guest's, 134 after a trap. The process is the sandbox: the
/// compute-time limit is a <see cref="WasmRunDeadline"/>, so compiled code carries no epoch checks.</summary>
public static class WasmRunCommand
{
    /// <summary>Exit code after a trap (128 + SIGABRT, as wasmtime uses).</summary>
    public const int TrapExitCode = 134;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The .wasm module to run" };
        var args = new Argument<string[]>("ARGS") { Description = "Arguments for the guest (after --)", Arity = ArgumentArity.ZeroOrMore };
        var dirs = new Option<string[]>("--dir") { Description = "Preopen HOST[::GUEST][:ro] (repeatable); GUEST defaults to HOST" };
        var env = new Option<string[]>("--env") { Description = "Guest environment variable K=V (repeatable)" };
        var timeout = new Option<string?>("--timeout") { Description = "Compute-time limit, e.g. 500ms, 10s, 2m" };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Linear memory limit, e.g. 64MiB, 1GiB, 1048576" };
        var fuel = new Option<long?>("--fuel") { Description = "Deterministic fuel limit (Wasmtime fuel units, about one per instruction)" };
        var invoke = new Option<string?>("--invoke") { Description = "Call this export with ARGS parsed by its parameter types instead of _start" };
        var cache = new Option<string?>("--cache") { Description = $"Directory of compiled modules kept between runs (default {WasmRunCache.DefaultDirectoryText})" };
        var noCache = new Option<bool>("--no-cache") { Description = "Compile in memory only; read and write no compiled-module cache" };
        var command = new Command("run", "Run a WASI preview1 command module or a WASI 0.2 command component on Wasmtime")
        {
            file, args, dirs, env, timeout, maxMemory, fuel, invoke, cache, noCache,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var options = new WasmRunOptions(
                    parse.GetValue(file)!, parse.GetValue(args) ?? [], parse.GetValue(dirs) ?? [], parse.GetValue(env) ?? [],
                    WasmRunArguments.ParseDuration(parse.GetValue(timeout)), WasmRunArguments.ParseSize(parse.GetValue(maxMemory)),
                    parse.GetValue(fuel), parse.GetValue(invoke),
                    parse.GetValue(noCache) ? null : parse.GetValue(cache) ?? WasmRunCache.DefaultDirectory());
                return Run(options, parse.InvocationConfiguration.Output, error);
            }
            catch (FormatException e)
            {
                error.WriteLine($"pluginhost wasm run: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private sealed record WasmRunOptions(FileInfo File, string[] Args, string[] Dirs, string[] Env, TimeSpan? Timeout,
        long? MaxMemory, long? Fuel, string? Invoke, string? CacheDirectory);

    private static int Run(WasmRunOptions o, TextWriter output, TextWriter error)
    {
        if (Directory.Exists(o.File.FullName))
            return Usage(error, $"{o.File.FullName} is a directory, not a .wasm file");
        if (!o.File.Exists) return Usage(error, $"file not found: {o.File.FullName}");
        if (o.Fuel is < 0) return Usage(error, $"--fuel {o.Fuel}: expected a positive number");
        var kind = WasmBinary.KindOf(Header(o.File.FullName));
        if (kind == WasmBinaryKind.NotWasm)
        {
            error.WriteLine($"pluginhost wasm run: {o.File.Name} {WasmBinary.Describe(kind)}");
            return ExitCodes.Failed;
        }
        if (kind == WasmBinaryKind.Component && o.Invoke is not null)
            return Usage(error, $"--invoke calls an export of a core module; {o.File.Name} is a component (its wasi:cli/run is what runs)");
        var preopens = o.Dirs.Select(WasmRunArguments.ParseDir).ToList();
        var env = o.Env.Select(WasmRunArguments.ParseEnv).ToList();
        using var engine = new WasmEngine(new WasmEngineSettings(Fuel: o.Fuel is not null, MaxMemoryBytes: 4L << 30, Pooling: false, Interruptible: false));
        using var cache = new CompiledPluginCache(engine, o.CacheDirectory, warning => error.WriteLine($"pluginhost wasm run: warning: {warning}"));
        var options = new WasiCommandOptions
        {
            Name = o.File.Name,
            Args = [o.File.Name, .. o.Invoke is null ? o.Args : []],
            Env = env,
            Preopens = preopens,
            InheritStdio = true,
            MemoryBytes = o.MaxMemory,
            Fuel = o.Fuel is { } f ? (ulong)f : null,
        };
        if (kind == WasmBinaryKind.Component) return RunComponent(o, cache, options, engine, output, error);
        Module module;
        try
        {
            module = Load(cache, o.File.FullName, o.File.Name);
        }
        catch (WasmtimeException e)
        {
            error.WriteLine($"pluginhost wasm run: {o.File.Name} is not a valid WebAssembly module: {PluginFailure.Reason(e)}");
            return ExitCodes.Failed;
        }
        Func<Instance, int>? entry;
        try
        {
            entry = o.Invoke is { } name ? WasmInvoke.Prepare(module, name, o.Args, output) : null;
            if (entry is null && !module.Exports.OfType<FunctionExport>().Any(e => e.Name == WasiCommand.StartExport))
                return Usage(error, $"{o.File.Name} exports no {WasiCommand.StartExport} function; use --invoke NAME");
        }
        catch (WasiCommandException e)
        {
            return Usage(error, e.Message);
        }
        output.Flush();
        WasiCommandResult result;
        using (new WasmRunDeadline(o.File.Name, o.Timeout, output, error))
            result = entry is null ? WasiCommand.Run(engine, module, options) : WasiCommand.Run(engine, module, options, entry);
        output.Flush();
        return Report(result, error);
    }

    /// <summary>Runs a WASI 0.2 command component: its <c>wasi:cli/run</c> export, WASI 0.2 from Wasmtime.</summary>
    private static int RunComponent(WasmRunOptions o, CompiledPluginCache cache, WasiCommandOptions options, WasmEngine engine,
        TextWriter output, TextWriter error)
    {
        Wasmtime.Components.Component component;
        try
        {
            component = LoadComponent(cache, o.File.FullName);
        }
        catch (WasmtimeException e)
        {
            error.WriteLine($"pluginhost wasm run: {o.File.Name} is not a valid WebAssembly component: {PluginFailure.Reason(e)}");
            return ExitCodes.Failed;
        }
        if (!WasiComponentCommand.IsCommand(component))
        {
            error.WriteLine($"pluginhost wasm run: {o.File.Name} is a component that exports no {WasiComponentCommand.RunInterface} (it is not a WASI 0.2 command)");
            return ExitCodes.Failed;
        }
        output.Flush();
        WasiCommandResult result;
        using (new WasmRunDeadline(o.File.Name, o.Timeout, output, error))
            result = WasiComponentCommand.Run(engine, component, options);
        output.Flush();
        return Report(result, error);
    }


    /// <summary>The first eight bytes of the file (fewer when it is shorter).</summary>
    private static byte[] Header(string path)
    {
        using var f = File.OpenRead(path);
        var header = new byte[8];
        return header[..f.ReadAtLeast(header, header.Length, throwOnEndOfStream: false)];
    }

    private static Module Load(CompiledPluginCache cache, string path, string name) =>
        LoadCompiled(cache, path, (bytes, sha) => cache.GetModule(bytes, sha, name), sha => cache.FindModule(sha, name));

    private static Wasmtime.Components.Component LoadComponent(CompiledPluginCache cache, string path) =>
        LoadCompiled(cache, path, cache.GetComponent, cache.FindComponent);

    /// <summary>The compiled module or component: with a cache directory, an unchanged file whose artifact is there is
    /// neither read nor hashed (<see cref="SourceIndex"/>); otherwise read, hashed once and compiled (or loaded).</summary>
    private static T LoadCompiled<T>(CompiledPluginCache cache, string path, Func<byte[], string, T> compile, Func<string, T?> find)
        where T : class
    {
        if (cache.Directory is not { } dir)
        {
            var wasm = File.ReadAllBytes(path);
            return compile(wasm, CompiledPluginCache.Hash(wasm));
        }
        var (sha, bytes) = new SourceIndex(Path.Combine(dir, "sources")).Hash(path);
        if (bytes is not null) return compile(bytes, sha);
        if (find(sha) is { } found) return found;
        var read = File.ReadAllBytes(path);   // no artifact: hash what is read now
        return compile(read, CompiledPluginCache.Hash(read));
    }

    private static int Report(WasiCommandResult result, TextWriter error)
    {
        if (result.ExitCode is { } code) return code;
        if (result.Trap is null)
        {
            error.WriteLine($"pluginhost wasm run: {result.Message}");
            return ExitCodes.Failed;
        }
        error.WriteLine($"error: wasm trap: {result.Trap}: {result.Message}");
        if (result.Backtrace is { } backtrace) error.WriteLine($"wasm backtrace:{Environment.NewLine}{backtrace}");
        return TrapExitCode;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"pluginhost wasm run: {message}");
        return ExitCodes.Usage;
    }
}
