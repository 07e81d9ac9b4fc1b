namespace PluginHost.Wasm.Wasi2;

/// <summary>Thrown through the guest when it calls wasi:cli/exit; the embedder catches it to get the exit code.</summary>
public sealed class Wasi2ExitException(int code) : Exception($"guest exited with code {code}")
{
    /// <summary>The exit code (0 for exit(ok), 1 for exit(err)).</summary>
    public int Code { get; } = code;
}
