namespace PluginHost.Wasm.Wast;

/// <summary>Runs WebAssembly spec test scripts (.wast) against the engine, one store and linker per file.</summary>
public sealed class WastRunner
{
    private readonly Engine _engine;
    private readonly TextWriter _print;
    private readonly WastConverter _converter;

    /// <summary>Creates a runner; throws <see cref="WastConverterNotFoundException"/> when wast2json is missing.</summary>
    public WastRunner(WastRunnerOptions? options = null)
    {
        options ??= new WastRunnerOptions();
        _engine = options.Engine ?? new Engine();
        _print = options.PrintOutput ?? TextWriter.Null;
        _converter = new WastConverter(options.ConverterPath, options.CacheDirectory);
    }

    /// <summary>Converts and runs one .wast file; every command is counted, none throws.</summary>
    public WastFileResult RunFile(string path)
    {
        string json;
        try { json = _converter.Convert(path); }
        catch (WastConversionException e)
        {
            return new WastFileResult(path, 0, 1, 0, [new WastFailure(0, "convert", e.Message)], e.Message);
        }

        var script = WastScript.Load(json);
        var directory = Path.GetDirectoryName(json)!;
        WastSession? session = null;
        string? setupError = null;
        try { session = new WastSession(_engine, directory, _print); }
        catch (Exception e) { setupError = $"could not set up the store and spectest module: {e.GetType().Name}: {e.Message}"; }

        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<WastFailure>();
        foreach (var command in script.Commands)
        {
            var outcome = session is null ? CommandOutcome.Fail(setupError!) : Execute(session, command);
            switch (outcome.Status)
            {
                case CommandStatus.Passed: passed++; break;
                case CommandStatus.Skipped: skipped++; break;
                default:
                    failed++;
                    failures.Add(new WastFailure(command.Line, Describe(command), outcome.Detail ?? "failed"));
                    break;
            }
        }
        return new WastFileResult(path, passed, failed, skipped, failures);
    }

    private static CommandOutcome Execute(WastSession session, WastCommand command)
    {
        try { return session.Execute(command); }
        catch (WastCommandException e) { return CommandOutcome.Fail(e.Message); }
        catch (Exception e) { return CommandOutcome.Fail($"unexpected {e.GetType().Name}: {e.Message}"); }
    }

    /// <summary>Short text form of a command, e.g. <c>assert_return (invoke $M "add" i32:1 i32:2)</c>.</summary>
    private static string Describe(WastCommand c)
    {
        if (c.Action is { } a)
        {
            var parts = new List<string> { a.Type };
            if (a.Module is not null) parts.Add(a.Module);
            parts.Add($"\"{a.Field}\"");
            parts.AddRange((a.Args ?? []).Select(SafeFormat));
            return $"{c.Type} ({string.Join(" ", parts)})";
        }
        return c.Type switch
        {
            "register" => $"register \"{c.As}\" {c.Name}".TrimEnd(),
            "module" => $"module {c.Name}".TrimEnd(),
            _ => $"{c.Type} \"{c.Text}\"",
        };
    }

    private static string SafeFormat(WastValue v)
    {
        try { return WastValues.Format(v); }
        catch (WastCommandException) { return v.Type; }
    }
}
