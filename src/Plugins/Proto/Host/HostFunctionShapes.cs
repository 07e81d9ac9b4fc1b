using System.Text.Json;
using PluginHost.Plugins.Proto.Api;

namespace PluginHost.Plugins.Proto.Host;

/// <summary>Input of the exec_command host function.</summary>
public sealed record ExecCommandInput
{
    /// <summary>Arguments.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];
    /// <summary>The command: a name looked up on PATH, or a (virtual) path.</summary>
    public required string Command { get; init; }
    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }
    /// <summary>Extra environment variables (older plugins).</summary>
    public IReadOnlyDictionary<string, string>? EnvVars { get; init; }
    /// <summary>Make the file executable first.</summary>
    public bool SetExecutable { get; init; }
    /// <summary>Stream output instead of capturing it.</summary>
    public bool Stream { get; init; }
    /// <summary>Working directory (virtual); default the workspace.</summary>
    public VirtualPath? WorkingDir { get; init; }
}

/// <summary>Output of exec_command.</summary>
/// <param name="Command">The command as given.</param>
/// <param name="ExitCode">Exit code (-1 when killed).</param>
/// <param name="Stderr">Captured standard error.</param>
/// <param name="Stdout">Captured standard output.</param>
public sealed record ExecCommandOutput(string Command, int ExitCode, string Stderr, string Stdout);

/// <summary>Input of send_request.</summary>
public sealed record SendRequestInput
{
    /// <summary>The URL to GET.</summary>
    public required string Url { get; init; }
}

/// <summary>Output of send_request: the body sits in its own kernel block at body_offset (body stays empty).</summary>
/// <param name="Body">Always empty; the body is read from kernel memory.</param>
/// <param name="BodyLength">Body length in bytes.</param>
/// <param name="BodyOffset">Kernel memory offset (handle) of the body.</param>
/// <param name="Status">HTTP status code.</param>
public sealed record SendRequestOutput(IReadOnlyList<byte> Body, long BodyLength, long BodyOffset, int Status);

/// <summary>Input of host_log (a plain string is accepted too).</summary>
public sealed record HostLogInput
{
    /// <summary>Structured fields.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Data { get; init; }
    /// <summary>The message.</summary>
    public required string Message { get; init; }
    /// <summary>stdout, stderr or tracing.</summary>
    public string? Target { get; init; }
}
