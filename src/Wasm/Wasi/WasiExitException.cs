namespace PluginHost.Wasm.Wasi;

/// <summary>Raised when the guest calls proc_exit; carries the exit code to the embedder.</summary>
public sealed class WasiExitException : Exception
{
    /// <summary>Creates the exit signal.</summary>
    public WasiExitException(int exitCode) : base($"guest exited with code {exitCode}") => ExitCode = exitCode;

    /// <summary>The guest's exit code.</summary>
    public int ExitCode { get; }
}
