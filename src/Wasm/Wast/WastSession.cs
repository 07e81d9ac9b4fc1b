namespace PluginHost.Wasm.Wast;

/// <summary>Whether a command passed, failed or was skipped, with the failure detail.</summary>
internal enum CommandStatus
{
    /// <summary>Behaved as expected.</summary>
    Passed,
    /// <summary>Did not.</summary>
    Failed,
    /// <summary>Not run.</summary>
    Skipped,
}

/// <summary>The outcome of one command.</summary>
internal readonly record struct CommandOutcome(CommandStatus Status, string? Detail = null)
{
    public static readonly CommandOutcome Pass = new(CommandStatus.Passed);
    public static readonly CommandOutcome Skip = new(CommandStatus.Skipped);
    public static CommandOutcome Fail(string detail) => new(CommandStatus.Failed, detail);
}

/// <summary>Runs the commands of one script against its own store and linker.</summary>
internal sealed class WastSession
{
    private readonly Engine _engine;
    private readonly string _directory;
    private readonly Store? _store;
    private readonly Linker? _linker;
    private readonly string? _setupError;
    private readonly WastValues _values = new();
    private readonly bool _strictMessages;
    private readonly Dictionary<string, Instance> _named = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failedNamed = new(StringComparer.Ordinal);
    private Instance? _current;
    private string _noCurrent = "no module has been instantiated yet";

    /// <summary>Creates the store and linker (with the spectest module) for a script whose module files lie in directory.</summary>
    public WastSession(Engine engine, string directory, TextWriter printOutput, bool strictMessages)
    {
        _strictMessages = strictMessages;
        _engine = engine;
        _directory = directory;
        try
        {
            _store = new Store(engine);
            _linker = new Linker(engine) { AllowShadowing = true };
            SpecTestModule.Define(_linker, _store, printOutput);
        }
        catch (Exception e)
        {
            // Module assertions (malformed, invalid) still run without a store.
            _setupError = $"could not set up the store and spectest module: {e.GetType().Name}: {e.Message}";
        }
    }

    private Store Store => _setupError is null ? _store! : throw new WastCommandException(_setupError);

    private Linker Linker => _setupError is null ? _linker! : throw new WastCommandException(_setupError);

    /// <summary>Runs one command; an exception thrown here is an unexpected engine failure.</summary>
    public CommandOutcome Execute(WastCommand c) => c.Type switch
    {
        "module" => DefineModule(c),
        "register" => Register(c),
        "action" => RunAction(c),
        "assert_return" => AssertReturn(c),
        "assert_trap" => c.Action is null ? AssertUninstantiable(c) : AssertTrap(c),
        "assert_exhaustion" => AssertExhaustion(c),
        "assert_invalid" => AssertRejected(c, ModuleErrorKind.Invalid),
        "assert_malformed" => AssertRejected(c, ModuleErrorKind.Malformed),
        "assert_unlinkable" => AssertUnlinkable(c),
        "assert_uninstantiable" => AssertUninstantiable(c),
        _ => CommandOutcome.Fail($"unknown command type \"{c.Type}\""),
    };

    private CommandOutcome DefineModule(WastCommand c)
    {
        if (IsTextModule(c)) return CommandOutcome.Skip;
        _current = null;
        _noCurrent = $"the module at line {c.Line} failed to load";
        if (c.Name is not null)
        {
            _named.Remove(c.Name);
            _failedNamed[c.Name] = c.Line;
        }
        try
        {
            var module = Compile(c);
            var instance = Linker.Instantiate(Store, module);
            _current = instance;
            if (c.Name is not null)
            {
                _named[c.Name] = instance;
                _failedNamed.Remove(c.Name);
            }
            return CommandOutcome.Pass;
        }
        catch (WasmModuleException e) { return CommandOutcome.Fail($"module rejected as {Kind(e.Kind)}: {e.Message}"); }
        catch (WasmLinkException e) { return CommandOutcome.Fail($"link error: {e.Message}"); }
        catch (WasmTrapException e) { return CommandOutcome.Fail($"instantiation {TrapText.Describe(e)}"); }
    }

    private CommandOutcome Register(WastCommand c)
    {
        var instance = Resolve(c.Name);
        Linker.DefineInstance(c.As ?? throw new WastCommandException("register without a name to register as"), instance);
        return CommandOutcome.Pass;
    }

    private CommandOutcome RunAction(WastCommand c)
    {
        try
        {
            Perform(c.Action!);
            return CommandOutcome.Pass;
        }
        catch (WasmTrapException e) { return CommandOutcome.Fail($"unexpected {TrapText.Describe(e)}"); }
    }

    private CommandOutcome AssertReturn(WastCommand c)
    {
        Value[] results;
        try { results = Perform(c.Action!); }
        catch (WasmTrapException e) { return CommandOutcome.Fail($"expected {ExpectedText(c)}, got {TrapText.Describe(e)}"); }
        var expected = c.Expected ?? [];
        var ok = results.Length == expected.Count;
        for (var i = 0; ok && i < results.Length; i++) ok = _values.Matches(expected[i], results[i]);
        return ok ? CommandOutcome.Pass : CommandOutcome.Fail($"expected {ExpectedText(c)}, got {ResultsText(results)}");
    }

    private CommandOutcome AssertTrap(WastCommand c)
    {
        try
        {
            var results = Perform(c.Action!);
            return CommandOutcome.Fail($"expected trap \"{c.Text}\", got {ResultsText(results)}");
        }
        catch (WasmTrapException e)
        {
            return TrapText.Matches(c.Text, e)
                ? CommandOutcome.Pass
                : CommandOutcome.Fail($"expected trap \"{c.Text}\", got {TrapText.Describe(e)}");
        }
    }

    private CommandOutcome AssertExhaustion(WastCommand c)
    {
        try
        {
            var results = Perform(c.Action!);
            return CommandOutcome.Fail($"expected stack exhaustion, got {ResultsText(results)}");
        }
        catch (WasmTrapException e)
        {
            return e.Kind == TrapKind.StackExhausted
                ? CommandOutcome.Pass
                : CommandOutcome.Fail($"expected stack exhaustion \"{c.Text}\", got {TrapText.Describe(e)}");
        }
    }

    private CommandOutcome AssertRejected(WastCommand c, ModuleErrorKind expected)
    {
        if (IsTextModule(c)) return CommandOutcome.Skip;
        try
        {
            Compile(c);
            return CommandOutcome.Fail($"expected the module to be rejected as {Kind(expected)} (\"{c.Text}\"), but it was accepted");
        }
        catch (WasmModuleException e) when (e.Kind == expected)
        {
            if (!_strictMessages || SameReason(c.Text, e.Reason)) return CommandOutcome.Pass;
            return CommandOutcome.Fail($"rejected as {Kind(expected)} as expected, but for \"{e.Reason}\" instead of \"{c.Text}\" ({e.Message})");
        }
        catch (WasmModuleException e)
        {
            return CommandOutcome.Fail($"expected the module to be rejected as {Kind(expected)} (\"{c.Text}\"), but it was rejected as {Kind(e.Kind)}: {e.Message}");
        }
    }

    private CommandOutcome AssertUnlinkable(WastCommand c)
    {
        if (IsTextModule(c)) return CommandOutcome.Skip;
        var module = CompileValid(c);
        try
        {
            Linker.Instantiate(Store, module);
            return CommandOutcome.Fail($"expected link error \"{c.Text}\", but the module instantiated");
        }
        catch (WasmLinkException) { return CommandOutcome.Pass; }
        catch (WasmTrapException e) { return CommandOutcome.Fail($"expected link error \"{c.Text}\", got instantiation {TrapText.Describe(e)}"); }
    }

    private CommandOutcome AssertUninstantiable(WastCommand c)
    {
        if (IsTextModule(c)) return CommandOutcome.Skip;
        var module = CompileValid(c);
        try
        {
            Linker.Instantiate(Store, module);
            return CommandOutcome.Fail($"expected instantiation trap \"{c.Text}\", but the module instantiated");
        }
        catch (WasmLinkException e) { return CommandOutcome.Fail($"expected instantiation trap \"{c.Text}\", got link error: {e.Message}"); }
        catch (WasmTrapException e)
        {
            return TrapText.Matches(c.Text, e)
                ? CommandOutcome.Pass
                : CommandOutcome.Fail($"expected instantiation trap \"{c.Text}\", got {TrapText.Describe(e)}");
        }
    }

    private Value[] Perform(WastAction action)
    {
        var instance = Resolve(action.Module);
        switch (action.Type)
        {
            case "invoke":
            {
                var func = instance.GetFunction(action.Field) ?? throw new WastCommandException($"no exported function {WastRunner.Quote(action.Field)}");
                var args = (action.Args ?? []).Select(_values.ToValue).ToArray();
                return func.Invoke(args);
            }
            case "get":
            {
                var global = instance.GetGlobal(action.Field) ?? throw new WastCommandException($"no exported global {WastRunner.Quote(action.Field)}");
                return [global.Value];
            }
            default:
                throw new WastCommandException($"unknown action type \"{action.Type}\"");
        }
    }

    private Instance Resolve(string? name)
    {
        if (name is null) return _current ?? throw new WastCommandException(_noCurrent);
        if (_named.TryGetValue(name, out var instance)) return instance;
        throw new WastCommandException(_failedNamed.TryGetValue(name, out var line)
            ? $"the module {name} at line {line} failed to load"
            : $"no module named {name}");
    }

    private Module Compile(WastCommand c)
    {
        var file = c.Filename ?? throw new WastCommandException("module command without a file");
        return Module.FromBytes(_engine, File.ReadAllBytes(Path.Combine(_directory, file)), c.Name);
    }

    private Module CompileValid(WastCommand c)
    {
        try { return Compile(c); }
        catch (WasmModuleException e) { throw new WastCommandException($"module rejected as {Kind(e.Kind)}: {e.Message}"); }
    }

    /// <summary>The spec's text and the engine's reason agree when one starts with the other.</summary>
    private static bool SameReason(string? expected, string reason) =>
        string.IsNullOrEmpty(expected)
        || reason.StartsWith(expected, StringComparison.Ordinal)
        || expected.StartsWith(reason, StringComparison.Ordinal);

    private static bool IsTextModule(WastCommand c) =>
        c.ModuleType == "text" || (c.Filename?.EndsWith(".wat", StringComparison.Ordinal) ?? false);

    private static string Kind(ModuleErrorKind kind) => kind == ModuleErrorKind.Malformed ? "malformed" : "invalid";

    private static string ExpectedText(WastCommand c) => WastValues.Format((c.Expected ?? []).Select(WastValues.Format));

    private static string ResultsText(Value[] results) => WastValues.Format(results.Select(WastValues.Format));
}
