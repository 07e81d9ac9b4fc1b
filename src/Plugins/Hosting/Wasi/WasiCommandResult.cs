namespace PluginHost.Plugins.Hosting.Wasi;

/// <summary>How a WASI command ended: an exit code, or a failure of one kind with a one-line reason.</summary>
/// <param name="ExitCode">The guest's exit code (0 when <c>_start</c> returned); null when it failed.</param>
/// <param name="Failure">The kind of failure (null when it exited).</param>
/// <param name="Message">One clear line about the failure (null when it exited).</param>
/// <param name="Trap">Wasmtime's trap code name (e.g. "StackOverflow"), when the failure was a trap.</param>
/// <param name="Backtrace">The wasm frames of a trap, one per line, innermost first.</param>
/// <param name="Cancelled">Whether the cancellation token stopped it.</param>
public sealed record WasiCommandResult(int? ExitCode, PluginFailureKind? Failure = null, string? Message = null,
    string? Trap = null, string? Backtrace = null, bool Cancelled = false)
{
    /// <summary>Whether the guest exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>A command that exited with <paramref name="code"/>.</summary>
    public static WasiCommandResult Exited(int code) => new(code);
}
