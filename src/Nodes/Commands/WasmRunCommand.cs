using System.CommandLine;
using System.Globalization;
using PluginHost.Wasm;
using PluginHost.Wasm.Wasi;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost wasm run FILE.wasm [options] -- ARGS...`: runs a WASI command or invokes an export, like `wasmtime run`.</summary>
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
        var timeout = new Option<string?>("--timeout") { Description = "Wall-clock limit, e.g. 500ms, 10s, 2m" };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Linear memory limit, e.g. 64MiB, 1GiB, 1048576" };
        var fuel = new Option<long?>("--fuel") { Description = "Deterministic fuel: one unit per call and loop iteration" };
        var invoke = new Option<string?>("--invoke") { Description = "Call this export with ARGS parsed by its parameter types instead of _start" };
        var command = new Command("run", "Run a WebAssembly module with WASI preview1") { file, args, dirs, env, timeout, maxMemory, fuel, invoke };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var options = new RunOptions(
                    parse.GetValue(file)!, parse.GetValue(args) ?? [], parse.GetValue(dirs) ?? [], parse.GetValue(env) ?? [],
                    ParseDuration(parse.GetValue(timeout)), ParseSize(parse.GetValue(maxMemory)), parse.GetValue(fuel), parse.GetValue(invoke));
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

    private sealed record RunOptions(FileInfo File, string[] Args, string[] Dirs, string[] Env, TimeSpan? Timeout,
        long? MaxMemory, long? Fuel, string? Invoke);

    private static int Run(RunOptions o, TextWriter output, TextWriter error)
    {
        if (!o.File.Exists)
        {
            error.WriteLine($"pluginhost wasm run: file not found: {o.File.FullName}");
            return ExitCodes.Usage;
        }
        var engine = new Engine(new EngineConfig { ConsumeFuel = o.Fuel is not null });
        Module module;
        try
        {
            module = Module.FromFile(engine, o.File.FullName);
        }
        catch (WasmModuleException e)
        {
            error.WriteLine($"pluginhost wasm run: {o.File.Name}: {e.Message}");
            return ExitCodes.Failed;
        }
        var stdout = OutputSink.Inherit("stdout", Console.OpenStandardOutput());
        var stderr = OutputSink.Inherit("stderr", Console.OpenStandardError());
        var config = new WasiConfig
        {
            Args = [o.File.Name, .. o.Invoke is null ? o.Args : []],
            Env = o.Env.Select(ParseEnv).ToList(),
            Preopens = o.Dirs.Select(ParseDir).ToList(),
            Stdin = Console.OpenStandardInput(),
            Stdout = stdout,
            Stderr = stderr,
        };
        using var wasi = new WasiContext(config);
        var store = new Store(engine);
        if (o.MaxMemory is { } max) store.Limits = new StoreLimits { MaxMemoryBytes = max };
        if (o.Fuel is { } fuel) store.Fuel = fuel;
        var linker = new Linker(engine);
        wasi.AddToLinker(linker);
        try
        {
            var instance = linker.Instantiate(store, module);
            if (o.Timeout is { } t) store.SetDeadline(t);
            if (o.Invoke is { } name) return Invoke(instance, name, o.Args, output, error);
            var start = instance.GetFunction("_start");
            if (start is null)
            {
                error.WriteLine($"pluginhost wasm run: {o.File.Name} exports no _start function; use --invoke NAME");
                return ExitCodes.Usage;
            }
            start.Invoke();
            return 0;
        }
        catch (WasiExitException exit)
        {
            return exit.ExitCode;
        }
        catch (WasmLinkException e)
        {
            error.WriteLine($"pluginhost wasm run: {o.File.Name}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (WasmTrapException trap)
        {
            error.WriteLine($"error: wasm trap: {trap.Kind}: {trap.Message}");
            if (trap.WasmBacktrace is { } backtrace) error.WriteLine($"wasm backtrace:{Environment.NewLine}{backtrace}");
            return TrapExitCode;
        }
        finally
        {
            wasi.Complete();
        }
    }

    private static int Invoke(Instance instance, string name, string[] args, TextWriter output, TextWriter error)
    {
        var func = instance.GetFunction(name);
        if (func is null)
        {
            error.WriteLine($"pluginhost wasm run: no exported function named '{name}'");
            return ExitCodes.Usage;
        }
        if (args.Length != func.Type.Params.Length)
        {
            error.WriteLine($"pluginhost wasm run: '{name}' has type {func.Type}: expected {func.Type.Params.Length} argument(s), got {args.Length}");
            return ExitCodes.Usage;
        }
        var values = func.Type.Params.Select((type, i) => ParseValue(type, args[i])).ToArray();
        foreach (var result in func.Invoke(values)) output.WriteLine(FormatValue(result));
        return 0;
    }

    private static Value ParseValue(ValueType type, string text) => type switch
    {
        ValueType.I32 => Value.FromI32(int.TryParse(text, CultureInfo.InvariantCulture, out var i) ? i : (int)uint.Parse(text, CultureInfo.InvariantCulture)),
        ValueType.I64 => Value.FromI64(long.TryParse(text, CultureInfo.InvariantCulture, out var l) ? l : (long)ulong.Parse(text, CultureInfo.InvariantCulture)),
        ValueType.F32 => Value.FromF32(float.Parse(text, CultureInfo.InvariantCulture)),
        ValueType.F64 => Value.FromF64(double.Parse(text, CultureInfo.InvariantCulture)),
        _ => throw new FormatException($"cannot pass a {type} argument from the command line"),
    };

    private static string FormatValue(Value v) => v.Type switch
    {
        ValueType.I32 => v.I32.ToString(CultureInfo.InvariantCulture),
        ValueType.I64 => v.I64.ToString(CultureInfo.InvariantCulture),
        ValueType.F32 => v.F32.ToString("R", CultureInfo.InvariantCulture),
        ValueType.F64 => v.F64.ToString("R", CultureInfo.InvariantCulture),
        _ => v.Ref?.ToString() ?? "null",
    };

    /// <summary>Parses HOST[::GUEST][:ro].</summary>
    public static Preopen ParseDir(string spec)
    {
        var readOnly = spec.EndsWith(":ro", StringComparison.Ordinal);
        if (readOnly) spec = spec[..^3];
        var parts = spec.Split("::", 2);
        var host = parts[0];
        if (host.Length == 0) throw new FormatException($"--dir '{spec}': expected HOST[::GUEST][:ro]");
        if (!Directory.Exists(host)) throw new FormatException($"--dir '{spec}': host directory '{host}' does not exist");
        return new Preopen(host, parts.Length > 1 && parts[1].Length > 0 ? parts[1] : host, readOnly);
    }

    private static KeyValuePair<string, string> ParseEnv(string spec)
    {
        var eq = spec.IndexOf('=');
        if (eq <= 0) throw new FormatException($"--env '{spec}': expected KEY=VALUE");
        return new(spec[..eq], spec[(eq + 1)..]);
    }

    /// <summary>Parses a duration such as 500ms, 10s, 2m, 1h or plain seconds.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var (number, unit) = SplitUnit(text);
        var factor = unit switch
        {
            "ms" => 1e-3, "" or "s" => 1, "m" => 60, "h" => 3600,
            _ => throw new FormatException($"duration '{text}': unknown unit '{unit}' (expected ms, s, m or h)"),
        };
        if (number <= 0) throw new FormatException($"duration '{text}' must be positive");
        return TimeSpan.FromSeconds(number * factor);
    }

    /// <summary>Parses a size such as 64MiB, 1G, 512k or plain bytes.</summary>
    public static long? ParseSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var (number, unit) = SplitUnit(text);
        var factor = unit.ToLowerInvariant() switch
        {
            "" or "b" => 1L, "k" or "kb" or "kib" => 1L << 10, "m" or "mb" or "mib" => 1L << 20, "g" or "gb" or "gib" => 1L << 30,
            _ => throw new FormatException($"size '{text}': unknown unit '{unit}' (expected KiB, MiB or GiB)"),
        };
        if (number <= 0) throw new FormatException($"size '{text}' must be positive");
        return (long)(number * factor);
    }

    private static (double Number, string Unit) SplitUnit(string text)
    {
        var t = text.Trim();
        var i = 0;
        while (i < t.Length && (char.IsDigit(t[i]) || t[i] == '.')) i++;
        if (i == 0 || !double.TryParse(t[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw new FormatException($"'{text}' does not start with a number");
        return (number, t[i..].Trim());
    }
}
