namespace PluginHost.Wasm.Wast;

/// <summary>One failed command: where it is in the .wast file, what it was, and what differed.</summary>
/// <param name="Line">Line of the command in the .wast file (0 when the whole file failed).</param>
/// <param name="Command">The command in short text form, e.g. <c>assert_return (invoke "add" i32:1 i32:2)</c>.</param>
/// <param name="Message">What differed from the expectation.</param>
public sealed record WastFailure(int Line, string Command, string Message)
{
    /// <summary>Text form: "line N: command: message".</summary>
    public override string ToString() => $"line {Line}: {Command}: {Message}";
}
