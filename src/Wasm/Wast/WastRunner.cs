namespace PluginHost.Wasm.Wast;

/// <summary>Runs WebAssembly spec test scripts (.wast) against the engine, one store and linker per file.</summary>
public sealed class WastRunner
{
    private readonly Engine _engine;
    private readonly TextWriter _print;
    private readonly WastConverter _converter;
    private readonly TimeSpan _commandTimeout;
    private readonly bool _strictMessages;

    // Guest code gets its own big-stack thread from the engine; this only has to hold the runner.
    private const int WorkerStackSize = 16 * 1024 * 1024;

    /// <summary>Creates a runner; throws <see cref="WastConverterNotFoundException"/> when wast2json is missing.</summary>
    public WastRunner(WastRunnerOptions? options = null)
    {
        options ??= new WastRunnerOptions();
        _engine = options.Engine ?? new Engine();
        _print = options.PrintOutput ?? TextWriter.Null;
        _converter = new WastConverter(options.ConverterPath, options.CacheDirectory);
        _commandTimeout = options.CommandTimeout;
        _strictMessages = options.StrictModuleErrors;
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

        WastScript script;
        try { script = WastScript.Load(json); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            var message = $"cannot read wast2json's output {json}: {e.Message}";
            return new WastFileResult(path, 0, 1, 0, [new WastFailure(0, "convert", message)], message);
        }
        var tally = new WastTally(path);
        var worker = new Thread(() => RunCommands(script, Path.GetDirectoryName(json)!, tally), WorkerStackSize)
        {
            IsBackground = true,
            Name = $"wast {Path.GetFileName(path)}",
        };
        worker.Start();
        var started = tally.Started;
        while (!worker.Join(_commandTimeout))
        {
            var now = tally.Started;
            if (now != started)
            {
                started = now;
                continue;
            }
            // The same command ran for at least the timeout: abandon the worker (a background thread) and say where it hung.
            return tally.Abandon(script.Commands.Count, $"no result after {_commandTimeout.TotalSeconds:0.###} s");
        }
        return tally.ToResult();
    }

    private void RunCommands(WastScript script, string directory, WastTally tally)
    {
        var session = new WastSession(_engine, directory, _print, _strictMessages);

        foreach (var command in script.Commands)
        {
            if (!tally.Begin(command.Line, Describe(command))) return;
            var outcome = Execute(session, command);
            tally.End(outcome);
        }
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
            parts.Add(Quote(a.Field));
            parts.AddRange((a.Args ?? []).Select(SafeFormat));
            return $"{c.Type} ({string.Join(" ", parts)})";
        }
        return c.Type switch
        {
            "register" => $"register {Quote(c.As ?? "")} {c.Name}".TrimEnd(),
            "module" => $"module {c.Name}".TrimEnd(),
            _ => $"{c.Type} \"{c.Text}\"",
        };
    }

    /// <summary>A name in double quotes, with control and non-ASCII characters escaped as \u{X}.</summary>
    internal static string Quote(string name)
    {
        var text = new System.Text.StringBuilder("\"");
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.Value is >= 0x20 and < 0x7f && rune.Value != '"' && rune.Value != '\\') text.Append((char)rune.Value);
            else text.Append($"\\u{{{rune.Value:x}}}");
        }
        return text.Append('"').ToString();
    }

    private static string SafeFormat(WastValue v)
    {
        try { return WastValues.Format(v); }
        catch (WastCommandException) { return v.Type; }
    }
}
